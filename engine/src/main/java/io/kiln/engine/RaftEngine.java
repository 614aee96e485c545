package io.kiln.engine;

import java.util.List;

/**
 * Where every region's raft log and RaftLocalState live. Values are opaque bytes here (the
 * raftstore encodes {@code eraftpb.Entry} and {@code raft_serverpb.RaftLocalState}); keys follow
 * TiKV's layout ({@link RaftEngineKeys}). Thread-safe. {@link KvRaftEngine} implements it over any
 * {@link KvEngine}, so RocksDB and the in-memory engine share one implementation.
 */
public interface RaftEngine extends AutoCloseable {

  /** An empty batch for {@link #consume}. */
  RaftLogBatch newBatch();

  /**
   * Writes {@code batch} atomically, durably when {@code sync} (one fsync for every region in
   * it: that is the raftstore's group commit), then clears it.
   */
  void consume(RaftLogBatch batch, boolean sync);

  /** The encoded RaftLocalState of {@code regionId}, or null if it has none. */
  byte[] raftState(long regionId);

  /** The encoded entry at {@code index} of {@code regionId}'s log, or null if absent. */
  byte[] entry(long regionId, long index);

  /**
   * Appends to {@code out} the encoded entries {@code [low, high)} of {@code regionId}, in index
   * order, stopping once their total size exceeds {@code maxSize} (at least one entry is returned
   * when {@code low} exists). Stops early at the first missing index.
   *
   * @return the number of entries appended
   */
  int fetchEntries(long regionId, long low, long high, long maxSize, List<byte[]> out);

  /** Deletes the entries {@code [from, to)} of {@code regionId} (log GC); returns how many. */
  long gc(long regionId, long from, long to);

  /** Deletes every entry and the raft state of {@code regionId} (the peer is destroyed). */
  void clean(long regionId, RaftLogBatch batch);

  /** Makes every write so far durable. */
  void sync();

  @Override
  void close();
}
