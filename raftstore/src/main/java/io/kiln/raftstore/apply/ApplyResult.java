package io.kiln.raftstore.apply;

import io.kiln.proto.RaftServerpb.RaftApplyState;
import java.util.List;

/**
 * What an apply round reports back to the PeerFsm (TiKV's {@code ApplyRes}): how far the region
 * is applied, the term of the last applied entry (a leader reads locally only once it has
 * applied an entry of its own term), and the admin results to adopt, in log order.
 */
public record ApplyResult(long regionId, RaftApplyState applyState, long appliedTerm, List<ExecResult> execResults) {}
