package io.kiln.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stores stopped and started again from their engines keep every acknowledged write. */
class RaftStoreRestartTest {

  @Test
  void allStoresRestartAndKeepAcknowledgedWrites() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      for (int i = 0; i < 50; i++) {
        assertThat(c.put(leader, "k" + i, "v" + i).ok()).isTrue();
      }
      for (int s = 1; s <= 3; s++) {
        c.stop(s);
      }
      for (int s = 1; s <= 3; s++) {
        c.start(s);
      }
      leader = c.waitLeader();
      for (int i = 0; i < 50; i++) {
        CmdResult g = c.get(leader, "k" + i);
        assertThat(g.ok()).as(g.response().toString()).isTrue();
        assertThat(g.response().getResponses(0).getGet().getValue().toStringUtf8()).isEqualTo("v" + i);
      }
    }
  }

  @Test
  void aStoppedFollowerCatchesUpAfterRestart() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      int follower = leader % 3 + 1;
      c.stop(follower);
      for (int i = 0; i < 20; i++) {
        assertThat(c.put(leader, "k" + i, "v" + i).ok()).isTrue();
      }
      c.start(follower);
      // the restarted follower's engine receives every entry
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      byte[] v = null;
      while (System.nanoTime() < deadline) {
        v = c.kvs[follower].get(io.kiln.engine.Cf.DEFAULT, Keys.dataKey("k19".getBytes()));
        if (v != null) {
          break;
        }
        Thread.sleep(10);
      }
      assertThat(v).isEqualTo("v19".getBytes());
    }
  }

  @Test
  void concurrentWritersShareFsyncs() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      long syncsBefore = c.stores[leader].writeStats().syncs();
      List<CompletableFuture<CmdResult>> all = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        CompletableFuture<CmdResult> f = new CompletableFuture<>();
        c.stores[leader].propose(c.cmd(leader).addRequests(RaftStoreErrorsTest.put("c" + i, 10)).build(), f::complete);
        all.add(f);
      }
      int ok = 0;
      for (CompletableFuture<CmdResult> f : all) {
        CmdResult r = f.get(10, TimeUnit.SECONDS);
        if (r.ok()) {
          ok++;
        } else {
          // only a leader change (a loaded machine) may fail a put here
          var err = r.response().getHeader().getError();
          assertThat(err.hasNotLeader() || err.hasStaleCommand()).as(err.toString()).isTrue();
        }
      }
      long syncs = c.stores[leader].writeStats().syncs() - syncsBefore;
      System.out.println("500 concurrent puts, " + ok + " acknowledged: " + syncs + " raft engine fsyncs on the leader");
      assertThat(ok).isPositive();
      assertThat(syncs).isLessThan(ok);
    }
  }
}
