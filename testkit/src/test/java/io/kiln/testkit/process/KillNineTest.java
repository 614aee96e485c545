package io.kiln.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.client.KilnClient;
import io.kiln.client.error.KilnClientException;
import io.kiln.server.pd.PdStoreClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;

/**
 * Real processes, real crashes: a PD and three stores started as {@code kiln} processes, several
 * clients writing, a store killed with SIGKILL while they write and started again, PD killed and
 * started again. No acknowledged write may be lost, the restarted store must catch up, and PD's
 * timestamps must keep increasing across its restart.
 */
class KillNineTest {

  static KilnClient client(String pd, int timeoutSeconds) {
    return KilnClient.builder().pdEndpoints(pd).requestTimeout(java.time.Duration.ofSeconds(timeoutSeconds)).build();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void acknowledgedWritesSurviveKillNineOfAStoreAndOfPd(@TempDir Path dir) throws Exception {
    try (KilnProcesses k = new KilnProcesses(dir, 3)) {
      k.start("pd");
      for (int i = 1; i <= 3; i++) {
        k.start("store" + i);
      }
      try (KilnClient c = client(k.pdAddress(), 30)) {
        awaitReplicated(k.pdAddress());
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          int id = t;
          Thread w = new Thread(() -> {
            try (KilnClient wc = client(k.pdAddress(), 20)) {
              for (int i = 0; !stop.get(); i++) {
                String key = "w" + id + "-" + i;
                try {
                  wc.raw().put(utf8(key), utf8("v" + i));
                  acked.add(key);
                } catch (KilnClientException e) {
                  // unknown outcome: not counted as acknowledged
                }
              }
            }
          });
          writers.add(w);
          w.start();
        }
        Thread.sleep(1500);
        k.kill9("store2");
        int beforeRestart = acked.size();
        Thread.sleep(2000);
        k.start("store2");
        Thread.sleep(2000);
        stop.set(true);
        for (Thread w : writers) {
          w.join();
        }
        assertThat(acked.size()).as("writes went on while a store was down").isGreaterThan(beforeRestart);
        for (String key : acked) {
          Optional<byte[]> v = c.raw().get(utf8(key));
          assertThat(v).as("acknowledged write %s", key).isPresent();
        }
        // the restarted store caught up: with another store gone, it is needed for every quorum
        k.kill9("store3");
        for (String key : acked) {
          assertThat(c.raw().get(utf8(key))).as("acknowledged write %s, store 3 down", key).isPresent();
        }
        k.start("store3");
        System.out.println(acked.size() + " acknowledged writes survived kill -9 of store 2 and of store 3");
      }

      // PD: timestamps keep increasing across a kill -9 and restart
      long before;
      TiConfiguration conf = TiConfiguration.createRawDefault(k.pdAddress());
      conf.setWarmUpEnable(false);
      try (TiSession s = TiSession.create(conf)) {
        before = s.getTimestamp().getVersion();
      }
      k.kill9("pd");
      k.start("pd");
      try (TiSession s = TiSession.create(conf)) {
        long after = s.getTimestamp().getVersion();
        assertThat(after).isGreaterThan(before);
      }
      try (KilnClient c = client(k.pdAddress(), 30)) {
        c.raw().put(utf8("after-pd-restart"), utf8("ok"));
        assertThat(c.raw().get(utf8("after-pd-restart"))).map(b -> new String(b, StandardCharsets.UTF_8)).contains("ok");
      }
    }
  }

  static void awaitReplicated(String pd) throws InterruptedException {
    try (PdStoreClient client = new PdStoreClient(pd, 5_000)) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!client.firstRegionReady(3)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the cluster did not replicate its first region");
        }
        Thread.sleep(100);
      }
    }
  }
}
