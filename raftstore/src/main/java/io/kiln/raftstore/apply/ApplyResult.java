package io.kiln.raftstore.apply;

import io.kiln.proto.RaftServerpb.RaftApplyState;

/**
 * What an apply round reports back to the PeerFsm (TiKV's {@code ApplyRes}): how far the region
 * is applied, and the term of the last applied entry (a leader reads locally only once it has
 * applied an entry of its own term).
 */
public record ApplyResult(long regionId, RaftApplyState applyState, long appliedTerm) {}
