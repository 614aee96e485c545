package io.kiln.raft.sim;

import io.kiln.proto.Eraftpb.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The safety properties of Raft (Figure 3 of the paper), checked over the whole history of a run:
 *
 * <ul>
 *   <li>election safety: at most one leader per term, ever;
 *   <li>log matching: two logs holding an entry with the same index and term hold identical
 *       entries up to it. Checked on every log as handed out for writing, which covers the durable
 *       logs (writes complete in order, so a disk always holds an earlier such log). Each log keeps
 *       a running hash of its prefix, and every (index, term) ever seen maps to one prefix hash;
 *   <li>leader completeness: a new leader of term T holds every applied entry that was known
 *       committed at a term below T. A node with commit index c at term t proves that entries up
 *       to c were committed by a leader of term at most t;
 *   <li>state-machine safety: no two nodes apply different entries at the same index.
 * </ul>
 */
final class InvariantChecker {

  private record IndexTerm(long index, long term) {}

  private final Map<Long, Long> leaderOfTerm = new HashMap<>();
  private final Map<IndexTerm, Long> prefixOf = new HashMap<>();
  private final long[][] prefixHashes;
  /** Entry applied at each index (position 0 unused). */
  private final ArrayList<Entry> appliedAt = new ArrayList<>();
  /** commitTerm[i]: the lowest term at which some node knew index i committed. */
  private long[] commitTerm = new long[64];
  private long maxCommitSeen;

  InvariantChecker(int nodes) {
    prefixHashes = new long[nodes + 1][64];
    appliedAt.add(null);
    Arrays.fill(commitTerm, Long.MAX_VALUE);
  }

  /** A node's log changed from {@code fromIndex} on (entries at position i hold index i). */
  void logChanged(SimNode n, long fromIndex) {
    int id = (int) n.id;
    int size = n.view.size();
    if (prefixHashes[id].length < size) {
      prefixHashes[id] = Arrays.copyOf(prefixHashes[id], Math.max(size, prefixHashes[id].length * 2));
    }
    long[] h = prefixHashes[id];
    for (int i = (int) fromIndex; i < size; i++) {
      Entry e = n.view.get(i);
      if (e.getIndex() != i) {
        throw new SimulationFailure("log of n" + n.id + " has index " + e.getIndex() + " at position " + i);
      }
      h[i] = mix(h[i - 1], e);
      Long seen = prefixOf.putIfAbsent(new IndexTerm(i, e.getTerm()), h[i]);
      if (seen != null && seen != h[i]) {
        throw new SimulationFailure("log matching: n" + n.id + " has entry (index " + i + ", term "
            + e.getTerm() + ") but its log up to there differs from another log with that entry");
      }
    }
  }

  private static long mix(long prev, Entry e) {
    long x = prev * 0x9E3779B97F4A7C15L + e.getTerm();
    x = (x ^ (x >>> 31)) * 0xBF58476D1CE4E5B9L + e.getData().hashCode();
    x = (x ^ (x >>> 29)) * 0x94D049BB133111EBL + e.getEntryTypeValue() * 31L + e.getContext().hashCode();
    return x ^ (x >>> 32);
  }

  /** State-machine safety. */
  void applied(SimNode n, Entry e) {
    int i = (int) e.getIndex();
    if (i < appliedAt.size()) {
      Entry before = appliedAt.get(i);
      if (!before.equals(e)) {
        throw new SimulationFailure("state machine safety: n" + n.id + " applied " + describe(e)
            + " but another node applied " + describe(before) + " at the same index");
      }
    } else if (i == appliedAt.size()) {
      appliedAt.add(e);
    } else {
      throw new SimulationFailure("n" + n.id + " applied index " + i + " before index "
          + appliedAt.size() + " was applied anywhere");
    }
  }

  /** Checks election safety and leader completeness, and records commit knowledge. */
  void observe(SimNode[] nodes) {
    for (int k = 1; k < nodes.length; k++) {
      SimNode n = nodes[k];
      if (!n.up()) {
        continue;
      }
      noteCommit(n.raw.commitIndex(), n.raw.term());
    }
    for (int k = 1; k < nodes.length; k++) {
      SimNode n = nodes[k];
      if (!n.up() || !n.raw.isLeader()) {
        continue;
      }
      long term = n.raw.term();
      Long other = leaderOfTerm.putIfAbsent(term, n.id);
      if (other == null) {
        checkLeaderCompleteness(n, term);
      } else if (other != n.id) {
        throw new SimulationFailure("election safety: n" + n.id + " and n" + other
            + " are both leaders of term " + term);
      }
    }
  }

  private void noteCommit(long commit, long term) {
    if (commit >= commitTerm.length) {
      int len = commitTerm.length;
      commitTerm = Arrays.copyOf(commitTerm, (int) Math.max(commit + 1, len * 2L));
      Arrays.fill(commitTerm, len, commitTerm.length, Long.MAX_VALUE);
    }
    for (int i = (int) commit; i >= 1 && commitTerm[i] > term; i--) {
      commitTerm[i] = term;
    }
    maxCommitSeen = Math.max(maxCommitSeen, commit);
  }

  private void checkLeaderCompleteness(SimNode leader, long term) {
    for (int i = 1; i < appliedAt.size(); i++) {
      if (commitTerm[i] >= term) {
        break; // commitTerm is non-decreasing in the index
      }
      Entry want = appliedAt.get(i);
      Entry have = i < leader.view.size() ? leader.view.get(i) : null;
      if (!want.equals(have)) {
        throw new SimulationFailure("leader completeness: n" + leader.id + " became leader of term " + term
            + " without " + describe(want) + " (applied, and committed by term " + commitTerm[i]
            + "); it has " + (have == null ? "nothing" : describe(have)) + " there");
      }
    }
  }

  /** The entry applied at {@code index}; it must have been applied somewhere. */
  Entry appliedAt(long index) {
    if (index >= appliedAt.size()) {
      throw new SimulationFailure("index " + index + " is in a snapshot but was never applied anywhere");
    }
    return appliedAt.get((int) index);
  }

  long leaders() {
    return leaderOfTerm.size();
  }

  long maxApplied() {
    return appliedAt.size() - 1;
  }

  static String describe(Entry e) {
    return "entry(index " + e.getIndex() + ", term " + e.getTerm() + ", " + e.getEntryType() + ", data '"
        + e.getData().toStringUtf8() + "')";
  }
}
