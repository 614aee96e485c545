package io.kiln.raftstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.engine.RaftLogBatch;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.proto.RaftServerpb.RaftLocalState;
import io.kiln.raftstore.snap.SnapKey;

/**
 * Restart repairs for a region found in state {@code Applying}: a snapshot's installation was
 * interrupted. The kv engine already holds the apply state at the snapshot (it is written
 * first); the raft state may not have followed. {@link #repairRaftState} makes it point at the
 * snapshot, and the store then installs the snapshot's data again from its received files.
 */
final class SnapshotRecovery {

  private SnapshotRecovery() {}

  /** The snapshot being installed: the truncated state written with {@code Applying}. */
  static SnapKey pendingKey(StoreContext ctx, long regionId) {
    RaftApplyState a = applyState(ctx, regionId);
    return new SnapKey(regionId, a.getTruncatedState().getTerm(), a.getTruncatedState().getIndex());
  }

  /**
   * If the crash came before the raft state was written (its log does not end at the snapshot,
   * or still holds the entry the snapshot replaced), rewrite it as the snapshot's Ready would
   * have: log cleared, last index and commit at the snapshot.
   */
  static void repairRaftState(StoreContext ctx, long regionId) {
    RaftApplyState a = applyState(ctx, regionId);
    long idx = a.getTruncatedState().getIndex();
    long term = a.getTruncatedState().getTerm();
    byte[] raw = ctx.raftEngine().raftState(regionId);
    RaftLocalState rs;
    try {
      rs = raw == null ? RaftLocalState.getDefaultInstance() : RaftLocalState.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("region " + regionId + ": corrupted raft state", e);
    }
    if (rs.getLastIndex() >= idx && ctx.raftEngine().entry(regionId, idx) == null) {
      return; // the raft state was written with the snapshot
    }
    HardState hs = rs.getHardState();
    HardState.Builder h = hs.toBuilder().setCommit(Math.max(hs.getCommit(), idx));
    if (term > hs.getTerm()) {
      h.setTerm(term).setVote(0);
    }
    try (RaftLogBatch b = ctx.raftEngine().newBatch()) {
      b.cutLogs(regionId, 0, Math.max(rs.getLastIndex(), idx) + 1);
      b.putRaftState(regionId, RaftLocalState.newBuilder().setHardState(h).setLastIndex(idx).build().toByteArray());
      ctx.raftEngine().consume(b, true);
    }
  }

  private static RaftApplyState applyState(StoreContext ctx, long regionId) {
    byte[] b = ctx.kv().get(Cf.RAFT, RaftEngineKeys.applyStateKey(regionId));
    if (b == null) {
      throw new IllegalStateException("region " + regionId + " is Applying but has no apply state");
    }
    try {
      return RaftApplyState.parseFrom(b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("region " + regionId + ": corrupted apply state", e);
    }
  }
}
