package io.kiln.engine;

/**
 * Raft log writes of many regions, written together by {@link RaftEngine#consume}. Not
 * thread-safe: one poll round of the raftstore fills one batch.
 */
public interface RaftLogBatch extends AutoCloseable {

  /** Stores the encoded entry {@code index} of {@code regionId}, replacing any entry there. */
  void append(long regionId, long index, byte[] entry);

  /** Deletes the entries {@code [from, to)} (a new leader's log overwrote a conflicting tail). */
  void cutLogs(long regionId, long from, long to);

  /** Stores the encoded RaftLocalState of {@code regionId}. */
  void putRaftState(long regionId, byte[] state);

  boolean isEmpty();

  /** Bytes added so far. */
  long dataSize();

  void clear();

  @Override
  void close();
}
