package io.kiln.raft.quorum;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The voters of a (possibly joint) configuration: {@code incoming} always, {@code outgoing} only
 * while a joint change is in progress (empty otherwise). Every decision needs both halves (Raft
 * thesis §4.3).
 */
public record JointConfig(MajorityConfig incoming, MajorityConfig outgoing) {

  public static JointConfig of(MajorityConfig incoming) {
    return new JointConfig(incoming, MajorityConfig.empty());
  }

  public boolean isJoint() {
    return !outgoing.isEmpty();
  }

  /** Every voter of either half, sorted. */
  public SortedSet<Long> ids() {
    TreeSet<Long> all = new TreeSet<>(incoming.ids());
    all.addAll(outgoing.ids());
    return all;
  }

  public boolean contains(long id) {
    return incoming.contains(id) || outgoing.contains(id);
  }

  /** The largest index both halves have acknowledged. */
  public long committedIndex(AckedIndexer acked) {
    return Math.min(incoming.committedIndex(acked), outgoing.committedIndex(acked));
  }

  /** Won only if both halves won; lost if either lost. */
  public VoteResult voteResult(Map<Long, Boolean> votes) {
    VoteResult in = incoming.voteResult(votes);
    VoteResult out = outgoing.voteResult(votes);
    if (in == out) {
      return in;
    }
    if (in == VoteResult.LOST || out == VoteResult.LOST) {
      return VoteResult.LOST;
    }
    return VoteResult.PENDING;
  }
}
