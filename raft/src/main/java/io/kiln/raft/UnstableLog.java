package io.kiln.raft;

import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The tail of the log that is not yet known to be persisted: entries (and possibly an incoming
 * snapshot) that the application has not acknowledged as written.
 *
 * <p>Entries go through three stages: new (not yet handed out in a {@link Ready}), in progress
 * (handed out, being written) and stable (acknowledged; then they leave this class). {@code
 * offsetInProgress} separates the first two, so several readies can be written concurrently.
 *
 * <p>Invariants: {@code entries.get(i)} has index {@code offset + i}; {@code offset <=
 * offsetInProgress <= offset + entries.size()}; if there is a snapshot, {@code offset ==
 * snapshot index + 1}.
 */
final class UnstableLog {

  private Snapshot snapshot; // null if none
  private boolean snapshotInProgress;
  private final ArrayList<Entry> entries = new ArrayList<>();
  private int head; // entries before head were stabilised and are logically gone
  private long offset;
  private long offsetInProgress;

  UnstableLog(long offset) {
    this.offset = offset;
    this.offsetInProgress = offset;
  }

  private int size() {
    return entries.size() - head;
  }

  private Entry at(long index) {
    return entries.get(head + (int) (index - offset));
  }

  /** The first index, if the unstable part starts with a snapshot. */
  long maybeFirstIndex() {
    return snapshot != null ? snapshot.getMetadata().getIndex() + 1 : -1;
  }

  /** The last index held here, or -1 if none. */
  long maybeLastIndex() {
    if (size() > 0) {
      return offset + size() - 1;
    }
    if (snapshot != null) {
      return snapshot.getMetadata().getIndex();
    }
    return -1;
  }

  /** The term at {@code index} if this part of the log knows it, else -1. */
  long maybeTerm(long index) {
    if (index < offset) {
      if (snapshot != null && snapshot.getMetadata().getIndex() == index) {
        return snapshot.getMetadata().getTerm();
      }
      return -1;
    }
    long last = maybeLastIndex();
    if (last < 0 || index > last) {
      return -1;
    }
    return at(index).getTerm();
  }

  Snapshot snapshot() {
    return snapshot;
  }

  long offset() {
    return offset;
  }

  /** Entries not yet handed out to be written. */
  List<Entry> nextEntries() {
    int inProgress = (int) (offsetInProgress - offset);
    if (size() == inProgress) {
      return List.of();
    }
    return new ArrayList<>(entries.subList(head + inProgress, entries.size()));
  }

  /** The snapshot, if it was not yet handed out to be written. */
  Snapshot nextSnapshot() {
    return snapshot == null || snapshotInProgress ? null : snapshot;
  }

  boolean hasNextEntries() {
    return offsetInProgress < offset + size();
  }

  /** Marks everything currently here as handed out. */
  void acceptInProgress() {
    if (size() > 0) {
      offsetInProgress = offset + size();
    }
    if (snapshot != null) {
      snapshotInProgress = true;
    }
  }

  /**
   * Entries up to {@code index} (with term {@code term}) were written. Ignored if the entry there
   * was since replaced (the term differs) or is already stable.
   */
  boolean stableTo(long index, long term) {
    long gt = maybeTerm(index);
    if (gt < 0 || index < offset) {
      return false;
    }
    if (gt != term) {
      return false; // a later append replaced the entry; its write is still to come
    }
    int n = (int) (index + 1 - offset);
    head += n;
    offset = index + 1;
    offsetInProgress = Math.max(offsetInProgress, offset);
    compactIfSparse();
    return true;
  }

  private void compactIfSparse() {
    if (head > 0 && (head >= entries.size() / 2 || size() == 0)) {
      entries.subList(0, head).clear();
      head = 0;
    }
  }

  /** The snapshot at {@code index} was written. */
  boolean stableSnapTo(long index) {
    if (snapshot != null && snapshot.getMetadata().getIndex() == index) {
      snapshot = null;
      snapshotInProgress = false;
      return true;
    }
    return false;
  }

  /** Replaces everything with an incoming snapshot. */
  void restore(Snapshot s) {
    long index = s.getMetadata().getIndex();
    offset = index + 1;
    offsetInProgress = offset;
    entries.clear();
    head = 0;
    snapshot = s;
    snapshotInProgress = false;
  }

  /**
   * Appends {@code ents}, truncating whatever conflicts. The caller guarantees {@code ents} starts
   * at or before the end of the whole log and after the committed index.
   */
  void truncateAndAppend(List<Entry> ents) {
    long fromIndex = ents.get(0).getIndex();
    long end = offset + size();
    if (fromIndex == end) {
      entries.addAll(ents);
    } else if (fromIndex <= offset) {
      // Replaces everything unstable; the stable log is truncated by the application's write.
      entries.clear();
      head = 0;
      entries.addAll(ents);
      offset = fromIndex;
      offsetInProgress = offset;
    } else {
      // Keep [offset, fromIndex), then the new entries.
      int keep = (int) (fromIndex - offset);
      entries.subList(head + keep, entries.size()).clear();
      entries.addAll(ents);
      offsetInProgress = Math.min(offsetInProgress, fromIndex);
    }
  }

  /** Entries {@code [lo, hi)}, all of which must be here. */
  List<Entry> slice(long lo, long hi) {
    if (lo > hi || lo < offset || hi > offset + size()) {
      throw new IllegalStateException("unstable slice [" + lo + "," + hi + ") out of bounds [" + offset
          + "," + (offset + size()) + ")");
    }
    return entries.subList(head + (int) (lo - offset), head + (int) (hi - offset));
  }
}
