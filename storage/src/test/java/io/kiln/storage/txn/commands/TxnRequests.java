package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import java.util.Arrays;

/** Short builders for the kvrpcpb requests the command tests send. */
final class TxnRequests {

  private TxnRequests() {}

  static final Kvrpcpb.Context CTX = Kvrpcpb.Context.newBuilder().setRegionId(1).build();

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static Kvrpcpb.Mutation put(String k, String v) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(bs(k)).setValue(bs(v)).build();
  }

  static Kvrpcpb.Mutation put(String k, byte[] v) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(bs(k))
        .setValue(ByteString.copyFrom(v)).build();
  }

  static Kvrpcpb.Mutation del(String k) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Del).setKey(bs(k)).build();
  }

  static Kvrpcpb.Mutation lock(String k) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Lock).setKey(bs(k)).build();
  }

  static Kvrpcpb.Mutation insert(String k, String v) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Insert).setKey(bs(k)).setValue(bs(v)).build();
  }

  static Kvrpcpb.Mutation checkNotExists(String k) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.CheckNotExists).setKey(bs(k)).build();
  }

  static Kvrpcpb.PrewriteRequest.Builder prewrite(String primary, long startTs, Kvrpcpb.Mutation... ms) {
    return Kvrpcpb.PrewriteRequest.newBuilder().setContext(CTX).setPrimaryLock(bs(primary))
        .setStartVersion(startTs).setLockTtl(3000).addAllMutations(Arrays.asList(ms));
  }

  static PrewriteCommand prewriteCmd(String primary, long startTs, Kvrpcpb.Mutation... ms) {
    return new PrewriteCommand(prewrite(primary, startTs, ms).build());
  }

  static CommitCommand commit(long startTs, long commitTs, String... keys) {
    Kvrpcpb.CommitRequest.Builder b = Kvrpcpb.CommitRequest.newBuilder().setContext(CTX)
        .setStartVersion(startTs).setCommitVersion(commitTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return new CommitCommand(b.build());
  }

  static BatchRollbackCommand rollback(long startTs, String... keys) {
    Kvrpcpb.BatchRollbackRequest.Builder b = Kvrpcpb.BatchRollbackRequest.newBuilder().setContext(CTX)
        .setStartVersion(startTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return new BatchRollbackCommand(b.build());
  }

  static CleanupCommand cleanup(String key, long startTs, long currentTs) {
    return new CleanupCommand(Kvrpcpb.CleanupRequest.newBuilder().setContext(CTX).setKey(bs(key))
        .setStartVersion(startTs).setCurrentTs(currentTs).build());
  }

  static GetCommand get(String key, long ts) {
    return new GetCommand(Kvrpcpb.GetRequest.newBuilder().setContext(CTX).setKey(bs(key))
        .setVersion(ts).build());
  }

  static BatchGetCommand batchGet(long ts, String... keys) {
    Kvrpcpb.BatchGetRequest.Builder b = Kvrpcpb.BatchGetRequest.newBuilder().setContext(CTX).setVersion(ts);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return new BatchGetCommand(b.build());
  }

  static Kvrpcpb.CheckTxnStatusRequest.Builder checkTxnStatus(String primary, long lockTs,
      long callerStartTs, long currentTs) {
    return Kvrpcpb.CheckTxnStatusRequest.newBuilder().setContext(CTX).setPrimaryKey(bs(primary))
        .setLockTs(lockTs).setCallerStartTs(callerStartTs).setCurrentTs(currentTs);
  }

  static Kvrpcpb.ResolveLockRequest.Builder resolve(long startTs, long commitTs) {
    return Kvrpcpb.ResolveLockRequest.newBuilder().setContext(CTX).setStartVersion(startTs)
        .setCommitVersion(commitTs);
  }

  static Kvrpcpb.ScanRequest.Builder scan(String start, String end, int limit, long ts) {
    return Kvrpcpb.ScanRequest.newBuilder().setContext(CTX).setStartKey(bs(start)).setEndKey(bs(end))
        .setLimit(limit).setVersion(ts);
  }
}
