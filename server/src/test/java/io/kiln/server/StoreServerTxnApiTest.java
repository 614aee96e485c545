package io.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.TikvGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transactional API of a 3-store cluster over gRPC, as a TiKV client drives it: every
 * transactional RPC reaches its command through the raftstore, and errors land where TiKV puts
 * them. (The commands' semantics are tested in the storage module.)
 */
class StoreServerTxnApiTest {

  private static ServerCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new ServerCluster(3, ServerCluster.steady(), ServerCluster.testConfig());
    cluster.waitLeader();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static TikvGrpc.TikvBlockingStub tikv() throws InterruptedException {
    return cluster.stub(cluster.waitLeader());
  }

  private static Kvrpcpb.Context ctx() throws InterruptedException {
    return cluster.ctx(cluster.waitLeader());
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void prewriteCommitAndReadThroughRaft() throws Exception {
    Kvrpcpb.PrewriteResponse p = tikv().kvPrewrite(Kvrpcpb.PrewriteRequest.newBuilder().setContext(ctx())
        .addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(bs("t1")).setValue(bs("v1")))
        .addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(bs("t2")).setValue(bs("v2")))
        .setPrimaryLock(bs("t1")).setStartVersion(100).setLockTtl(3000).build());
    assertThat(p.hasRegionError()).isFalse();
    assertThat(p.getErrorsList()).isEmpty();

    Kvrpcpb.GetResponse locked = tikv().kvGet(Kvrpcpb.GetRequest.newBuilder().setContext(ctx()).setKey(bs("t2"))
        .setVersion(120).build());
    assertThat(locked.getError().getLocked().getLockVersion()).isEqualTo(100);
    assertThat(locked.getError().getLocked().getPrimaryLock()).isEqualTo(bs("t1"));

    Kvrpcpb.CommitResponse c = tikv().kvCommit(Kvrpcpb.CommitRequest.newBuilder().setContext(ctx())
        .addKeys(bs("t1")).addKeys(bs("t2")).setStartVersion(100).setCommitVersion(110).build());
    assertThat(c.hasError()).isFalse();
    assertThat(c.hasRegionError()).isFalse();

    Kvrpcpb.BatchGetResponse g = tikv().kvBatchGet(Kvrpcpb.BatchGetRequest.newBuilder().setContext(ctx())
        .addKeys(bs("t1")).addKeys(bs("t2")).setVersion(120).build());
    assertThat(g.getPairsList()).extracting(pair -> pair.getValue().toStringUtf8()).containsExactly("v1", "v2");
    Kvrpcpb.GetResponse before = tikv().kvGet(Kvrpcpb.GetRequest.newBuilder().setContext(ctx()).setKey(bs("t1"))
        .setVersion(105).build());
    assertThat(before.getNotFound()).as("a read below the commit ts does not see it").isTrue();
  }

  @Test
  void pessimisticLockConflictsAndRollsBack() throws Exception {
    Kvrpcpb.PessimisticLockResponse first = tikv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder()
        .setContext(ctx()).addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.PessimisticLock).setKey(bs("p1")))
        .setPrimaryLock(bs("p1")).setStartVersion(200).setForUpdateTs(200).setLockTtl(3000).build());
    assertThat(first.getErrorsList()).isEmpty();
    Kvrpcpb.PessimisticLockResponse second = tikv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder()
        .setContext(ctx()).addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.PessimisticLock).setKey(bs("p1")))
        .setPrimaryLock(bs("p1")).setStartVersion(210).setForUpdateTs(210).setLockTtl(3000).build());
    assertThat(second.getErrors(0).getLocked().getLockVersion()).isEqualTo(200);

    Kvrpcpb.PessimisticRollbackResponse rb = tikv().kVPessimisticRollback(Kvrpcpb.PessimisticRollbackRequest.newBuilder()
        .setContext(ctx()).addKeys(bs("p1")).setStartVersion(200).setForUpdateTs(200).build());
    assertThat(rb.getErrorsList()).isEmpty();
    Kvrpcpb.PessimisticLockResponse third = tikv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder()
        .setContext(ctx()).addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.PessimisticLock).setKey(bs("p1")))
        .setPrimaryLock(bs("p1")).setStartVersion(210).setForUpdateTs(215).setLockTtl(3000).build());
    assertThat(third.getErrorsList()).as("the first lock was rolled back").isEmpty();
  }

  @Test
  void aCommitBelowItsStartGetsAClearKeyError() throws Exception {
    Kvrpcpb.CommitResponse r = tikv().kvCommit(Kvrpcpb.CommitRequest.newBuilder().setContext(ctx())
        .addKeys(bs("x")).setStartVersion(50).setCommitVersion(40).build());
    assertThat(r.hasRegionError()).isFalse();
    assertThat(r.getError().getAbort()).contains("invalid transaction tso with start_ts 50, commit_ts 40");
  }
}
