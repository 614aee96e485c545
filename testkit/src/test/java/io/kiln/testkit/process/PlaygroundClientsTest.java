package io.kiln.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.cli.KilnCommand;
import io.kiln.client.KilnClient;
import io.kiln.client.txn.Transaction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.raw.RawKVClient;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * Both clients against the playground itself: {@code kiln playground} started as a process, as
 * the README starts it (on free ports), then TiKV's Java client and Kiln's own client, raw and
 * transactional, each reading what the other wrote.
 */
class PlaygroundClientsTest {

  @TempDir
  static Path dir;
  static Process playground;
  static String pd;

  @BeforeAll
  static void start() throws Exception {
    int pdPort = KilnProcesses.freePort();
    int storePort = KilnProcesses.freePort();
    int statusPort = KilnProcesses.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        KilnCommand.class.getName(), "playground", "--dir", dir.resolve("cluster").toString(),
        "--pd-port", Integer.toString(pdPort), "--store-port", Integer.toString(storePort),
        "--status-port", Integer.toString(statusPort)));
    playground = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    pd = "127.0.0.1:" + pdPort;
    CompletableFuture<String> ready = new CompletableFuture<>();
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(playground.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (out) {
            out.append(line).append('\n');
          }
          if (line.startsWith("Kiln playground is ready")) {
            ready.complete(line);
          }
        }
      } catch (Exception e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new AssertionError("the playground exited before it was ready"));
    }, "playground-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      synchronized (out) {
        throw new AssertionError("playground not ready: " + e + "\n" + out, e);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (playground != null) {
      playground.destroy();
      if (!playground.waitFor(30, TimeUnit.SECONDS)) {
        playground.destroyForcibly();
      }
    }
  }

  static byte[] u(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rawWritesOfOneClientAreReadByTheOther() throws Exception {
    TiConfiguration conf = TiConfiguration.createRawDefault(pd);
    conf.setWarmUpEnable(false);
    try (TiSession session = TiSession.create(conf); RawKVClient tikv = session.createRawClient();
         KilnClient kiln = KilnClient.builder().pdEndpoints(pd).build()) {
      tikv.put(ByteString.copyFromUtf8("raw-from-tikv"), ByteString.copyFromUtf8("1"));
      kiln.raw().put(u("raw-from-kiln"), u("2"));
      assertThat(kiln.raw().get(u("raw-from-tikv"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(u("1")));
      assertThat(tikv.get(ByteString.copyFromUtf8("raw-from-kiln"))).contains(ByteString.copyFromUtf8("2"));
      assertThat(kiln.raw().compareAndSet(u("raw-from-kiln"), Optional.of(u("2")), u("3")).swapped()).isTrue();
      assertThat(tikv.scan(ByteString.copyFromUtf8("raw-from-"), ByteString.copyFromUtf8("raw-from."), 10))
          .extracting(p -> p.getValue().toStringUtf8()).containsExactly("3", "1");
    }
  }

  @Test
  void tikvRawClientBatchesRangesCasAndTtlAgainstThePlayground() throws Exception {
    TiConfiguration conf = TiConfiguration.createRawDefault(pd);
    conf.setWarmUpEnable(false);
    conf.setEnableAtomicForCAS(true);
    try (TiSession session = TiSession.create(conf); RawKVClient tikv = session.createRawClient()) {
      tikv.batchPut(java.util.Map.of(ByteString.copyFromUtf8("pb-1"), ByteString.copyFromUtf8("1"),
          ByteString.copyFromUtf8("pb-2"), ByteString.copyFromUtf8("2"), ByteString.copyFromUtf8("pb-3"),
          ByteString.copyFromUtf8("3")));
      assertThat(tikv.batchGet(new ArrayList<>(List.of(ByteString.copyFromUtf8("pb-1"), ByteString.copyFromUtf8("pb-3")))))
          .extracting(p -> p.getValue().toStringUtf8()).containsExactlyInAnyOrder("1", "3");
      tikv.deleteRange(ByteString.copyFromUtf8("pb-2"), ByteString.copyFromUtf8("pb-3"));
      assertThat(tikv.scan(ByteString.copyFromUtf8("pb-"), ByteString.copyFromUtf8("pb."), 10))
          .extracting(p -> p.getKey().toStringUtf8()).containsExactly("pb-1", "pb-3");
      tikv.compareAndSet(ByteString.copyFromUtf8("pb-1"), Optional.of(ByteString.copyFromUtf8("1")),
          ByteString.copyFromUtf8("one"));
      assertThat(tikv.get(ByteString.copyFromUtf8("pb-1"))).contains(ByteString.copyFromUtf8("one"));
      tikv.put(ByteString.copyFromUtf8("pb-ttl"), ByteString.copyFromUtf8("soon gone"), 1);
      assertThat(tikv.getKeyTTL(ByteString.copyFromUtf8("pb-ttl"))).isPresent();
      Thread.sleep(2100);
      assertThat(tikv.get(ByteString.copyFromUtf8("pb-ttl"))).isEmpty();
      tikv.delete(ByteString.copyFromUtf8("pb-1"));
      assertThat(tikv.get(ByteString.copyFromUtf8("pb-1"))).isEmpty();
    }
  }

  @Test
  void transactionsOfOneClientAreReadByTheOther() throws Exception {
    TiConfiguration conf = TiConfiguration.createDefault(pd);
    conf.setWarmUpEnable(false);
    try (TiSession session = TiSession.create(conf); KilnClient kiln = KilnClient.builder().pdEndpoints(pd).build()) {
      long startTs = session.getTimestamp().getVersion();
      try (TwoPhaseCommitter c = new TwoPhaseCommitter(session, startTs, 3000)) {
        c.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(10_000), u("txn-tikv-a"), u("A"));
        c.prewriteSecondaryKeys(u("txn-tikv-a"), List.of(new BytePairWrapper(u("txn-tikv-b"), u("B"))).iterator(),
            10_000);
        c.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(10_000), u("txn-tikv-a"),
            session.getTimestamp().getVersion());
      }
      Transaction t = kiln.txn().begin();
      assertThat(t.get(u("txn-tikv-a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(u("A")));
      assertThat(t.get(u("txn-tikv-b"))).as("the secondary, committed by resolving its lock")
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(u("B")));
      t.set(u("txn-kiln-x"), u("X"));
      t.set(u("txn-kiln-y"), u("Y"));
      t.commit();
      assertThat(new String(session.createSnapshot().get(u("txn-kiln-y")), StandardCharsets.UTF_8)).isEqualTo("Y");
      assertThat(new String(session.createSnapshot().get(u("txn-kiln-x")), StandardCharsets.UTF_8)).isEqualTo("X");
    }
  }
}
