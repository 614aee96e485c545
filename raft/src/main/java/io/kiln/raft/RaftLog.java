package io.kiln.raft;

import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's whole log: the stable part in {@link Storage} and the {@link UnstableLog} tail, with
 * the four positions raft tracks in it.
 *
 * <p>Invariants: {@code applied <= applying <= committed}; {@code applying <= persisted} (only
 * durable entries are applied, so a crash never forgets an applied entry); {@code committed <=
 * lastIndex()}. {@code persisted} is the highest index known to be durable locally; it can move
 * back when a conflicting append replaces entries that were not yet committed.
 */
final class RaftLog {

  private final Storage storage;
  final UnstableLog unstable;
  /** Highest index known to be committed by a quorum. */
  long committed;
  /** Highest index handed to the application for applying. */
  long applying;
  /** Highest index the application reported applied. */
  long applied;
  /** Highest index known to be durable in local storage. */
  long persisted;
  /** Most bytes of committed entries handed out in one Ready. */
  private final long maxApplyingSize;

  RaftLog(Storage storage, long maxApplyingSize) {
    this.storage = storage;
    long first = storage.firstIndex();
    long last = storage.lastIndex();
    this.unstable = new UnstableLog(last + 1);
    this.committed = first - 1;
    this.applying = first - 1;
    this.applied = first - 1;
    this.persisted = last;
    this.maxApplyingSize = maxApplyingSize;
  }

  Storage storage() {
    return storage;
  }

  long firstIndex() {
    long i = unstable.maybeFirstIndex();
    return i >= 0 ? i : storage.firstIndex();
  }

  long lastIndex() {
    long i = unstable.maybeLastIndex();
    return i >= 0 ? i : storage.lastIndex();
  }

  long lastTerm() {
    return term(lastIndex());
  }

  /**
   * The term at {@code index}; 0 if {@code index} is outside the known range (before the dummy
   * entry or after the last one). Never throws on the hot path: callers probe past the end often.
   */
  long termOrZero(long index) {
    if (index < firstIndex() - 1 || index > lastIndex()) {
      return 0;
    }
    long t = unstable.maybeTerm(index);
    if (t >= 0) {
      return t;
    }
    try {
      return storage.term(index);
    } catch (RaftStorageException.Compacted | RaftStorageException.Unavailable e) {
      return 0;
    }
  }

  /** The term at {@code index}, or the storage's typed error. */
  long term(long index) {
    long dummy = firstIndex() - 1;
    if (index < dummy) {
      throw new RaftStorageException.Compacted(index, dummy + 1);
    }
    if (index > lastIndex()) {
      throw new RaftStorageException.Unavailable(index, lastIndex());
    }
    long t = unstable.maybeTerm(index);
    if (t >= 0) {
      return t;
    }
    return storage.term(index);
  }

  boolean matchTerm(long index, long term) {
    if (index < firstIndex() - 1 || index > lastIndex()) {
      return false;
    }
    return termOrZero(index) == term;
  }

  /**
   * §5.3 log matching: appends {@code ents} after {@code (index, logTerm)} if our log has that
   * entry. Returns the index of the last new entry, or -1 if the entry does not match.
   */
  long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> ents) {
    if (termOrZero(index) != logTerm) {
      return -1;
    }
    long lastNew = index + ents.size();
    long conflict = findConflict(ents);
    if (conflict != 0) {
      if (conflict <= committed) {
        throw new IllegalStateException("entry " + conflict + " conflicts with committed entry (committed "
            + committed + ")");
      }
      append(ents.subList((int) (conflict - (index + 1)), ents.size()));
      // Replaced entries are no longer durable.
      persisted = Math.min(persisted, conflict - 1);
    }
    commitTo(Math.min(leaderCommit, lastNew));
    return lastNew;
  }

  /** Appends at the end (leader) or after a truncation point; returns the new last index. */
  long append(List<Entry> ents) {
    if (ents.isEmpty()) {
      return lastIndex();
    }
    long after = ents.get(0).getIndex() - 1;
    if (after < committed) {
      throw new IllegalStateException("appending after " + after + " would overwrite committed " + committed);
    }
    unstable.truncateAndAppend(ents);
    persisted = Math.min(persisted, after);
    return lastIndex();
  }

  /**
   * The index of the first entry of {@code ents} whose term differs from ours (or that we do not
   * have), or 0 if all of them are already in our log.
   */
  long findConflict(List<Entry> ents) {
    for (Entry e : ents) {
      if (!matchTerm(e.getIndex(), e.getTerm())) {
        return e.getIndex();
      }
    }
    return 0;
  }

  /**
   * Fast backtracking (the optimisation of Raft §5.3): the largest index at or below {@code
   * index} whose term is at most {@code term}. Every entry above it cannot match a log whose entry
   * at {@code index} has {@code term}, so the leader can skip all of them in one round trip.
   */
  long findConflictByTerm(long index, long term) {
    while (index > 0) {
      long ourTerm;
      try {
        ourTerm = term(index);
      } catch (RaftStorageException e) {
        return index;
      }
      if (ourTerm <= term) {
        return index;
      }
      index--;
    }
    return 0;
  }

  /** Raft §5.4.1: is a log ending at {@code (lastIndex, lastTerm)} at least as up to date as ours? */
  boolean isUpToDate(long lastIndex, long lastTerm) {
    long ourTerm = lastTerm();
    return lastTerm > ourTerm || (lastTerm == ourTerm && lastIndex >= lastIndex());
  }

  void commitTo(long toCommit) {
    if (committed < toCommit) {
      if (lastIndex() < toCommit) {
        throw new IllegalStateException("commit " + toCommit + " is past the last index " + lastIndex()
            + ": was the raft log corrupted, truncated, or lost?");
      }
      committed = toCommit;
    }
  }

  /** Raft §5.4.2: a leader commits by counting replicas only entries of its own term. */
  boolean maybeCommit(long maxIndex, long term) {
    if (maxIndex > committed && termOrZero(maxIndex) == term) {
      commitTo(maxIndex);
      return true;
    }
    return false;
  }

  /** The highest index that may be handed out for applying: committed and durable. */
  private long maxApplicable() {
    return Math.min(committed, persisted);
  }

  boolean hasNextCommittedEntries() {
    long lo = Math.max(applying + 1, firstIndex());
    return maxApplicable() + 1 > lo;
  }

  /** Committed, durable entries after {@code applying}, bounded by the per-Ready size. */
  List<Entry> nextCommittedEntries() {
    long lo = Math.max(applying + 1, firstIndex());
    long hi = maxApplicable() + 1;
    if (hi <= lo) {
      return List.of();
    }
    return slice(lo, hi, maxApplyingSize);
  }

  void applyingTo(long index) {
    if (index > applying) {
      applying = index;
    }
  }

  void appliedTo(long index) {
    if (index == 0) {
      return;
    }
    if (index > committed || index < applied) {
      throw new IllegalStateException("applied index " + index + " out of range [" + applied + ", "
          + committed + "]");
    }
    applied = index;
    applying = Math.max(applying, index);
  }

  /** Entries {@code [lo, hi)} at most {@code maxSize} bytes (at least one entry). */
  List<Entry> slice(long lo, long hi, long maxSize) {
    if (lo == hi) {
      return List.of();
    }
    long first = firstIndex();
    if (lo < first) {
      throw new RaftStorageException.Compacted(lo, first);
    }
    if (hi > lastIndex() + 1) {
      throw new IllegalStateException("slice [" + lo + "," + hi + ") is past the last index " + lastIndex());
    }
    List<Entry> result = new ArrayList<>();
    long unstableOffset = unstable.offset();
    if (lo < unstableOffset) {
      List<Entry> stored = storage.entries(lo, Math.min(hi, unstableOffset), maxSize);
      if (stored.size() < Math.min(hi, unstableOffset) - lo) {
        return stored; // the size limit cut it short
      }
      result.addAll(stored);
    }
    if (hi > unstableOffset) {
      result.addAll(unstable.slice(Math.max(lo, unstableOffset), hi));
    }
    return limitSize(result, maxSize);
  }

  /** Entries from {@code lo} to the end, at most {@code maxSize} bytes. */
  List<Entry> entriesFrom(long lo, long maxSize) {
    if (lo > lastIndex()) {
      return List.of();
    }
    return slice(lo, lastIndex() + 1, maxSize);
  }

  Snapshot snapshot(long requestIndex, long to) {
    Snapshot s = unstable.snapshot();
    if (s != null) {
      return s;
    }
    return storage.snapshot(requestIndex, to);
  }

  /** Replaces the log with a snapshot from the leader. */
  void restore(Snapshot s) {
    long index = s.getMetadata().getIndex();
    persisted = Math.min(persisted, index); // the snapshot itself is not durable yet
    committed = index;
    unstable.restore(s);
  }

  /** The application wrote entries up to {@code (index, term)}; true if that made them durable. */
  boolean stableTo(long index, long term) {
    if (unstable.stableTo(index, term)) {
      persisted = Math.max(persisted, index);
      return true;
    }
    // Already stable (e.g. an older ready finished after a newer one): still durable, if it matches.
    if (index > persisted && index < unstable.offset() && termOrZero(index) == term) {
      persisted = index;
      return true;
    }
    return false;
  }

  /** The application wrote the snapshot at {@code index}. */
  void stableSnapTo(long index) {
    if (unstable.stableSnapTo(index)) {
      persisted = Math.max(persisted, index);
      applying = Math.max(applying, index);
      applied = Math.max(applied, index);
    }
  }

  /** Sum of entry sizes, and the longest prefix of {@code ents} within {@code maxSize} (at least one). */
  static List<Entry> limitSize(List<Entry> ents, long maxSize) {
    if (ents.isEmpty()) {
      return List.of();
    }
    long size = ents.get(0).getSerializedSize();
    int limit = 1;
    for (; limit < ents.size(); limit++) {
      size += ents.get(limit).getSerializedSize();
      if (size > maxSize) {
        break;
      }
    }
    return new ArrayList<>(ents.subList(0, limit));
  }

  @Override
  public String toString() {
    return "committed=" + committed + " applied=" + applied + " applying=" + applying + " persisted="
        + persisted + " unstable.offset=" + unstable.offset() + " last=" + lastIndex();
  }
}
