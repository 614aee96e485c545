package io.kiln.raftstore.apply;

import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.raftstore.batch.Fsm;
import java.util.ArrayDeque;

/**
 * The apply side of one region (TiKV's {@code ApplyFsm} and its delegate): the region as of the
 * applied index, the apply state, and the callbacks of proposals waiting for their entries, in
 * proposal order. Only an apply poller touches its fields.
 */
public final class ApplyFsm extends Fsm<ApplyMsg> {

  final long regionId;
  final long peerId;
  Region region;
  RaftApplyState applyState;
  long appliedTerm;
  final ArrayDeque<ApplyMsg.Proposal> proposals = new ArrayDeque<>();
  /** Admin results of the current round, reported with its ApplyResult. */
  final java.util.List<ExecResult> execResults = new java.util.ArrayList<>();
  /** Set when applying failed (an engine error): nothing more is applied, so nothing is skipped. */
  String brokenReason;
  /** This peer applied its own removal: nothing after that entry is applied here. */
  boolean pendingRemove;

  public ApplyFsm(long peerId, Region region, RaftApplyState applyState, long appliedTerm) {
    this.regionId = region.getId();
    this.peerId = peerId;
    this.region = region;
    this.applyState = applyState;
    this.appliedTerm = appliedTerm;
  }

  public long regionId() {
    return regionId;
  }

  @Override
  public String toString() {
    return "[region " + regionId + " peer " + peerId + " apply]";
  }
}
