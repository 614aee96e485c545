package io.kiln.raft;

import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.proto.Eraftpb.SnapshotMetadata;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Storage} in memory, for tests, the simulator and benchmarks. Not thread-safe: one owner.
 *
 * <p>{@code entries.get(0)} is a dummy entry standing for the last snapshot (its index and term),
 * so the term of {@code firstIndex() - 1} is always known.
 */
public final class MemoryStorage implements Storage {

  private HardState hardState = HardState.getDefaultInstance();
  private Snapshot snapshot = Snapshot.getDefaultInstance();
  private final ArrayList<Entry> entries = new ArrayList<>();
  private boolean snapshotUnavailable;

  public MemoryStorage() {
    entries.add(Entry.getDefaultInstance());
  }

  /** A storage for a brand-new node whose group starts with the given voters. */
  public static MemoryStorage withVoters(long... voters) {
    MemoryStorage s = new MemoryStorage();
    ConfState.Builder cs = ConfState.newBuilder();
    for (long v : voters) {
      cs.addVoters(v);
    }
    s.snapshot = Snapshot.newBuilder()
        .setMetadata(SnapshotMetadata.newBuilder().setConfState(cs)).build();
    return s;
  }

  @Override
  public RaftState initialState() {
    return new RaftState(hardState, snapshot.getMetadata().getConfState());
  }

  public HardState hardState() {
    return hardState;
  }

  public void setHardState(HardState hs) {
    this.hardState = hs;
  }

  /** Replaces the membership of the initial state (used when bootstrapping). */
  public void setConfState(ConfState cs) {
    snapshot = snapshot.toBuilder().setMetadata(snapshot.getMetadata().toBuilder().setConfState(cs)).build();
  }

  @Override
  public List<Entry> entries(long low, long high, long maxSize) {
    long offset = entries.get(0).getIndex();
    if (low <= offset) {
      throw new RaftStorageException.Compacted(low, offset + 1);
    }
    if (high > lastIndex() + 1) {
      throw new RaftStorageException.Unavailable(high - 1, lastIndex());
    }
    if (entries.size() == 1) {
      return List.of(); // only the dummy
    }
    List<Entry> slice = entries.subList((int) (low - offset), (int) (high - offset));
    return RaftLog.limitSize(slice, maxSize);
  }

  @Override
  public long term(long index) {
    long offset = entries.get(0).getIndex();
    if (index < offset) {
      throw new RaftStorageException.Compacted(index, offset + 1);
    }
    if (index - offset >= entries.size()) {
      throw new RaftStorageException.Unavailable(index, lastIndex());
    }
    return entries.get((int) (index - offset)).getTerm();
  }

  @Override
  public long firstIndex() {
    return entries.get(0).getIndex() + 1;
  }

  @Override
  public long lastIndex() {
    return entries.get(0).getIndex() + entries.size() - 1;
  }

  @Override
  public Snapshot snapshot(long requestIndex, long to) {
    if (snapshotUnavailable) {
      throw new RaftStorageException.SnapshotTemporarilyUnavailable();
    }
    return snapshot;
  }

  /** Makes {@link #snapshot} answer "temporarily unavailable" (to test the retry path). */
  public void setSnapshotUnavailable(boolean unavailable) {
    this.snapshotUnavailable = unavailable;
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  public void applySnapshot(Snapshot snap) {
    long current = snapshot.getMetadata().getIndex();
    long index = snap.getMetadata().getIndex();
    if (current >= index) {
      throw new RaftStorageException.SnapshotOutOfDate(index, current);
    }
    snapshot = snap;
    entries.clear();
    entries.add(Entry.newBuilder().setIndex(index).setTerm(snap.getMetadata().getTerm()).build());
  }

  /**
   * Makes a snapshot at {@code index} (which must be applied) holding {@code data} as the state
   * machine's image and {@code cs} as the membership at that index.
   */
  public Snapshot createSnapshot(long index, ConfState cs, ByteString data) {
    if (index <= snapshot.getMetadata().getIndex()) {
      throw new RaftStorageException.SnapshotOutOfDate(index, snapshot.getMetadata().getIndex());
    }
    if (index > lastIndex()) {
      throw new IllegalArgumentException("snapshot index " + index + " is past the last index " + lastIndex());
    }
    SnapshotMetadata.Builder md = SnapshotMetadata.newBuilder().setIndex(index).setTerm(term(index));
    if (cs != null) {
      md.setConfState(cs);
    }
    snapshot = Snapshot.newBuilder().setMetadata(md).setData(data == null ? ByteString.EMPTY : data).build();
    return snapshot;
  }

  /** Discards entries before {@code compactIndex}; the entry at it becomes the new dummy. */
  public void compact(long compactIndex) {
    long offset = entries.get(0).getIndex();
    if (compactIndex <= offset) {
      throw new RaftStorageException.Compacted(compactIndex, offset + 1);
    }
    if (compactIndex > lastIndex()) {
      throw new IllegalArgumentException("compact " + compactIndex + " is past the last index " + lastIndex());
    }
    int i = (int) (compactIndex - offset);
    Entry dummy = Entry.newBuilder().setIndex(entries.get(i).getIndex()).setTerm(entries.get(i).getTerm()).build();
    List<Entry> rest = new ArrayList<>(entries.subList(i + 1, entries.size()));
    entries.clear();
    entries.add(dummy);
    entries.addAll(rest);
  }

  /**
   * Appends entries, replacing any conflicting suffix. Entries already compacted are ignored.
   * The entries must be contiguous and start no later than {@code lastIndex() + 1}.
   */
  public void append(List<Entry> ents) {
    if (ents.isEmpty()) {
      return;
    }
    long first = firstIndex();
    long last = ents.get(0).getIndex() + ents.size() - 1;
    if (last < first) {
      return; // all compacted
    }
    if (first > ents.get(0).getIndex()) {
      ents = ents.subList((int) (first - ents.get(0).getIndex()), ents.size());
    }
    long offset = ents.get(0).getIndex() - entries.get(0).getIndex();
    if (offset > entries.size()) {
      throw new IllegalArgumentException("missing log entries: last index " + lastIndex()
          + ", appending at " + ents.get(0).getIndex());
    }
    while (entries.size() > offset) {
      entries.remove(entries.size() - 1);
    }
    entries.addAll(ents);
  }
}
