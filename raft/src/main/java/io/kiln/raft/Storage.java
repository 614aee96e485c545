package io.kiln.raft;

import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Snapshot;
import java.util.List;

/**
 * The stable part of a node's raft log, as raft reads it. The application owns the writes: it
 * appends the entries and snapshots that a {@link Ready} hands out, then tells the node they are
 * persisted. Implementations must answer for entries as soon as they are appended, even before
 * they are durable.
 *
 * <p>Index conventions (as in etcd raft and raft-rs): the log holds entries
 * {@code [firstIndex(), lastIndex()]}; {@code firstIndex() - 1} is the index of the last snapshot
 * (or 0), whose term {@link #term} still answers. Errors are the typed {@link
 * RaftStorageException}s, never null.
 */
public interface Storage {

  /** The persisted hard state and membership to start from. */
  RaftState initialState();

  /**
   * Entries {@code [low, high)}, at most {@code maxSize} bytes in total but always at least one
   * entry if any is in range.
   *
   * @throws RaftStorageException.Compacted if {@code low < firstIndex()}
   * @throws RaftStorageException.Unavailable if {@code high > lastIndex() + 1}
   */
  List<Entry> entries(long low, long high, long maxSize);

  /**
   * The term of the entry at {@code index}, for {@code index} in {@code [firstIndex() - 1,
   * lastIndex()]}.
   *
   * @throws RaftStorageException.Compacted below that range
   * @throws RaftStorageException.Unavailable above it
   */
  long term(long index);

  /** Index of the first entry that may be read (the one after the last snapshot). */
  long firstIndex();

  /** Index of the last entry in the log. */
  long lastIndex();

  /**
   * The most recent snapshot, at an index of at least {@code requestIndex}, for peer {@code to}.
   *
   * @throws RaftStorageException.SnapshotTemporarilyUnavailable while one is being generated;
   *     raft asks again later
   */
  Snapshot snapshot(long requestIndex, long to);
}
