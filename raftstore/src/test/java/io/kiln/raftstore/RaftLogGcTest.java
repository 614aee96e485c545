package io.kiln.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The leader compacts the log once followers have it; every replica truncates and deletes. */
class RaftLogGcTest {

  static RaftApplyState applyState(MiniCluster c, int s) throws Exception {
    return RaftApplyState.parseFrom(c.kvs[s].get(Cf.RAFT, RaftEngineKeys.applyStateKey(1)));
  }

  static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void logIsTruncatedOnEveryReplicaAndOldEntriesAreDeleted() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      for (int i = 0; i < 300; i++) {
        assertThat(c.put(leader, "k" + i, "v" + i).ok()).isTrue();
      }
      for (int s = 1; s <= 3; s++) {
        int store = s;
        await("store " + s + " truncates its log", () -> {
          try {
            return applyState(c, store).getTruncatedState().getIndex() > 100;
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        long truncated = applyState(c, s).getTruncatedState().getIndex();
        await("store " + s + " deletes entries below " + truncated,
            () -> c.rafts[store].entry(1, truncated) == null && c.rafts[store].entry(1, 6) == null);
        assertThat(c.rafts[s].entry(1, applyState(c, s).getAppliedIndex())).isNotNull();
      }
      // bounded: applied - truncated stays below the threshold plus one GC period of writes
      RaftApplyState st = applyState(c, leader);
      assertThat(st.getAppliedIndex() - st.getTruncatedState().getIndex()).isLessThan(300);
      // the data is intact and the store still serves after truncation and a restart of all
      for (int s = 1; s <= 3; s++) {
        c.stop(s);
      }
      for (int s = 1; s <= 3; s++) {
        c.start(s);
      }
      leader = c.waitLeader();
      for (int i = 0; i < 300; i += 37) {
        assertThat(c.get(leader, "k" + i).response().getResponses(0).getGet().getValue().toStringUtf8())
            .isEqualTo("v" + i);
      }
      assertThat(c.put(leader, "after", "restart").ok()).isTrue();
    }
  }

  @Test
  void aCrashBetweenTruncationAndDeletionIsCleanedUpAtRestart() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      for (int s = 1; s <= 3; s++) {
        c.stores[s].failPoints().enable("raft_log_gc_before_delete", FailPoints.crash("raft_log_gc_before_delete"));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(c.put(leader, "k" + i, "v" + i).ok()).isTrue();
      }
      int follower = leader % 3 + 1;
      await("the follower truncates", () -> {
        try {
          return applyState(c, follower).getTruncatedState().getIndex() > 50;
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Thread.sleep(100);
      assertThat(c.rafts[follower].entry(1, 6)).as("the crash left old entries behind").isNotNull();
      c.stop(follower);
      c.start(follower); // fail points are per store instance: the new one deletes
      await("the restarted follower deletes the leftovers", () -> c.rafts[follower].entry(1, 6) == null);
      assertThat(c.put(leader, "after", "crash").ok()).isTrue();
    }
  }
}
