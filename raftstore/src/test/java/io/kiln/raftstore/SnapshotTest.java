package io.kiln.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A follower that fell behind the compacted log catches up through a snapshot. */
class SnapshotTest {

  static RaftStoreConfig smallLog() {
    return MiniCluster.steady().toBuilder().raftLogGcCountLimit(60).raftLogGcThreshold(10).build();
  }

  static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Waits until the leader's log is truncated past {@code index}: a follower behind it needs a snapshot. */
  static void awaitCompactedPast(MiniCluster c, int leader, long index) throws InterruptedException {
    await("the leader compacts past index " + index, () -> {
      try {
        return RaftApplyState.parseFrom(c.kvs[leader].get(Cf.RAFT, RaftEngineKeys.applyStateKey(1)))
            .getTruncatedState().getIndex() > index;
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
  }

  static byte[] value(MiniCluster c, int store, String key) {
    return c.kvs[store].get(Cf.DEFAULT, Keys.dataKey(key.getBytes()));
  }

  @Test
  void aStoppedFollowerCatchesUpThroughASnapshotIncludingDeletes() throws Exception {
    try (MiniCluster c = new MiniCluster(3, smallLog())) {
      int leader = c.waitLeader();
      int follower = leader % 3 + 1;
      assertThat(c.put(leader, "gone", "soon").ok()).isTrue();
      await("the follower has the first write", () -> value(c, follower, "gone") != null);
      c.stop(follower);
      for (int i = 0; i < 300; i++) {
        assertThat(c.put(leader, "k" + i, "v" + i).ok()).isTrue();
      }
      assertThat(c.run(leader, c.cmd(leader).addRequests(io.kiln.proto.RaftCmdpb.Request.newBuilder()
          .setCmdType(io.kiln.proto.RaftCmdpb.CmdType.Delete).setDelete(io.kiln.proto.RaftCmdpb.DeleteRequest
              .newBuilder().setKey(com.google.protobuf.ByteString.copyFromUtf8("gone")))).build()).ok()).isTrue();
      RaftApplyState la = RaftApplyState.parseFrom(c.kvs[leader].get(Cf.RAFT, RaftEngineKeys.applyStateKey(1)));
      awaitCompactedPast(c, leader, 50);
      c.start(follower);
      await("the follower has the last write", () -> value(c, follower, "k299") != null);
      assertThat(value(c, follower, "gone")).as("the delete reached the follower").isNull();
      for (int i = 0; i < 300; i += 17) {
        assertThat(value(c, follower, "k" + i)).isEqualTo(("v" + i).getBytes());
      }
      assertThat(c.stores[leader].snapManager().stats().generated()).isPositive();
      assertThat(c.stores[follower].snapManager().stats().applied()).isPositive();
      RegionLocalState st = RegionLocalState.parseFrom(c.kvs[follower].get(Cf.RAFT, RaftEngineKeys.regionStateKey(1)));
      assertThat(st.getState()).isEqualTo(PeerState.Normal);
      // the follower keeps replicating after the snapshot
      assertThat(c.put(leader, "after", "snapshot").ok()).isTrue();
      await("replication resumes", () -> value(c, follower, "after") != null);
      System.out.println("leader truncated at " + la.getTruncatedState().getIndex() + " before; snapshot stats "
          + c.stores[leader].snapManager().stats() + " / " + c.stores[follower].snapManager().stats());
    }
  }

  @Test
  void aCrashDuringSnapshotInstallIsRepairedAtRestart() throws Exception {
    try (MiniCluster c = new MiniCluster(3, smallLog())) {
      int leader = c.waitLeader();
      int follower = leader % 3 + 1;
      c.stop(follower);
      for (int i = 0; i < 300; i++) {
        assertThat(c.put(leader, "k" + i, "v" + i).ok()).isTrue();
      }
      awaitCompactedPast(c, leader, 50);
      c.start(follower);
      c.stores[follower].failPoints().enable("snapshot_apply_before_ingest",
          FailPoints.crash("snapshot_apply_before_ingest"));
      await("the follower starts installing the snapshot", () -> {
        byte[] b = c.kvs[follower].get(Cf.RAFT, RaftEngineKeys.regionStateKey(1));
        try {
          return b != null && RegionLocalState.parseFrom(b).getState() == PeerState.Applying;
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Thread.sleep(200);
      assertThat(value(c, follower, "k299")).as("the crash came before the data").isNull();
      c.stop(follower);
      c.start(follower);
      await("the restarted follower finishes the install", () -> value(c, follower, "k299") != null);
      for (int i = 0; i < 300; i += 13) {
        assertThat(value(c, follower, "k" + i)).isEqualTo(("v" + i).getBytes());
      }
      assertThat(c.put(leader, "after", "crash").ok()).isTrue();
      await("replication resumes", () -> value(c, follower, "after") != null);
    }
  }
}
