package io.kiln.server;

import static io.kiln.server.ServerCluster.bs;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.proto.Kvrpcpb.KvPair;
import io.kiln.proto.Kvrpcpb.RawBatchPutRequest;
import io.kiln.proto.Kvrpcpb.RawPutRequest;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.server.raw.RawValueCodec;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A store stopped while the others write enough for the leader to compact its log comes back on
 * a new port and catches up through a snapshot streamed over the gRPC {@code Snapshot} RPC.
 */
class SnapshotCatchUpTest {

  static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aRestartedStoreOnANewPortCatchesUpThroughASnapshotStream() throws Exception {
    RaftStoreConfig smallLog = ServerCluster.steady().toBuilder().raftLogGcCountLimit(40).raftLogGcThreshold(10).build();
    try (ServerCluster c = new ServerCluster(3, smallLog, ServerCluster.testConfig())) {
      int leader = c.waitLeader();
      int follower = leader % 3 + 1;
      RawValueCodec codec = new RawValueCodec(true);
      BooleanSupplier followerHasFirst = () -> c.kvs[follower].get(Cf.DEFAULT, Keys.dataKey("first".getBytes())) != null;
      assertThat(c.stub(leader).rawPut(RawPutRequest.newBuilder().setContext(c.ctx(leader)).setKey(bs("first"))
          .setValue(bs("1")).build()).getError()).isEmpty();
      await("the follower has the first write", followerHasFirst);
      int oldPort = c.servers[follower].port();
      c.stop(follower);

      for (int i = 0; i < 150; i++) {
        RawBatchPutRequest.Builder b = RawBatchPutRequest.newBuilder().setContext(c.ctx(leader));
        for (int j = 0; j < 4; j++) {
          b.addPairs(KvPair.newBuilder().setKey(bs("k" + i + "/" + j)).setValue(bs("v" + i + "/" + j)));
        }
        var r = c.stub(leader).rawBatchPut(b.build());
        assertThat(r.hasRegionError()).as("%s", r.getRegionError()).isFalse();
      }
      await("the leader compacts its log past the stopped store", () -> truncatedIndex(c, leader) > 60);

      c.start(follower);
      assertThat(c.servers[follower].port()).isNotEqualTo(oldPort);
      await("the restarted store has the last write",
          () -> c.kvs[follower].get(Cf.DEFAULT, Keys.dataKey("k149/3".getBytes())) != null);
      for (int i = 0; i < 150; i += 13) {
        byte[] stored = c.kvs[follower].get(Cf.DEFAULT, Keys.dataKey(("k" + i + "/1").getBytes()));
        assertThat(codec.userValue(stored)).asString().isEqualTo("v" + i + "/1");
      }
      assertThat(c.servers[leader].transportStats().snapshotsSent()).isPositive();
      assertThat(c.servers[follower].raftStore().snapManager().stats().applied()).isPositive();

      // and replication goes on through the raft stream to the new port
      assertThat(c.stub(leader).rawPut(RawPutRequest.newBuilder().setContext(c.ctx(leader)).setKey(bs("after"))
          .setValue(bs("2")).build()).getError()).isEmpty();
      await("the restarted store follows again",
          () -> c.kvs[follower].get(Cf.DEFAULT, Keys.dataKey("after".getBytes())) != null);
    }
  }

  private static long truncatedIndex(ServerCluster c, int store) {
    try {
      return RaftApplyState.parseFrom(c.kvs[store].get(Cf.RAFT, RaftEngineKeys.applyStateKey(1)))
          .getTruncatedState().getIndex();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
