package io.kiln.raft.quorum;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/** A set of voters that decides by simple majority. Immutable. */
public final class MajorityConfig {

  private static final MajorityConfig EMPTY = new MajorityConfig(new TreeSet<>());

  /** Voter ids, sorted so every iteration (and so every simulation) has one order. */
  private final SortedSet<Long> ids;

  private MajorityConfig(SortedSet<Long> ids) {
    this.ids = Collections.unmodifiableSortedSet(ids);
  }

  public static MajorityConfig of(Collection<Long> ids) {
    return ids.isEmpty() ? EMPTY : new MajorityConfig(new TreeSet<>(ids));
  }

  public static MajorityConfig empty() {
    return EMPTY;
  }

  public SortedSet<Long> ids() {
    return ids;
  }

  public boolean contains(long id) {
    return ids.contains(id);
  }

  public int size() {
    return ids.size();
  }

  public boolean isEmpty() {
    return ids.isEmpty();
  }

  /**
   * The largest index that a majority has acknowledged. An empty configuration returns
   * {@code Long.MAX_VALUE} so that, in a joint configuration, the other half decides alone.
   */
  public long committedIndex(AckedIndexer acked) {
    int n = ids.size();
    if (n == 0) {
      return Long.MAX_VALUE;
    }
    long[] indexes = new long[n];
    int i = 0;
    for (long id : ids) {
      OptionalLong idx = acked.ackedIndex(id);
      indexes[i++] = idx.isPresent() ? idx.getAsLong() : 0;
    }
    Arrays.sort(indexes);
    // With indexes sorted ascending, the one at n - (n/2 + 1) is acknowledged by a majority.
    return indexes[n - (n / 2 + 1)];
  }

  /** Counts the votes: {@code votes} maps voter id to its answer; absent voters have not answered. */
  public VoteResult voteResult(Map<Long, Boolean> votes) {
    if (ids.isEmpty()) {
      return VoteResult.WON; // an empty half of a joint config agrees with anything
    }
    int yes = 0;
    int missing = 0;
    for (long id : ids) {
      Boolean v = votes.get(id);
      if (v == null) {
        missing++;
      } else if (v) {
        yes++;
      }
    }
    int quorum = ids.size() / 2 + 1;
    if (yes >= quorum) {
      return VoteResult.WON;
    }
    if (yes + missing >= quorum) {
      return VoteResult.PENDING;
    }
    return VoteResult.LOST;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MajorityConfig other && ids.equals(other.ids);
  }

  @Override
  public int hashCode() {
    return ids.hashCode();
  }

  @Override
  public String toString() {
    return ids.toString();
  }
}
