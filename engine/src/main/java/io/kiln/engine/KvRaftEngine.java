package io.kiln.engine;

import java.util.List;
import java.util.Objects;

/**
 * A {@link RaftEngine} over any {@link KvEngine}, keeping everything in its {@link Cf#DEFAULT}
 * column family under TiKV's keys ({@link RaftEngineKeys}): entry {@code i} of region {@code r}
 * at {@code raftLogKey(r, i)}, its RaftLocalState at {@code raftStateKey(r)}. Log keys of one
 * region sort by index (big-endian), so a range of the log is a range of keys.
 *
 * <p>Owns the engine: {@link #close()} closes it. Thread-safe as the engine is.
 */
public final class KvRaftEngine implements RaftEngine {

  private final KvEngine engine;

  public KvRaftEngine(KvEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** The engine holding the data (for sizes and diagnostics; write through this class). */
  public KvEngine engine() {
    return engine;
  }

  @Override
  public RaftLogBatch newBatch() {
    return new KvRaftLogBatch(this, engine.newWriteBatch());
  }

  @Override
  public void consume(RaftLogBatch batch, boolean sync) {
    KvRaftLogBatch b = own(batch);
    engine.write(b.writeBatch(), sync);
    b.clear();
  }

  @Override
  public byte[] raftState(long regionId) {
    return engine.get(Cf.DEFAULT, RaftEngineKeys.raftStateKey(regionId));
  }

  @Override
  public byte[] entry(long regionId, long index) {
    return engine.get(Cf.DEFAULT, RaftEngineKeys.raftLogKey(regionId, checkIndex(index)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sizes are the encoded entries' lengths. As etcd's {@code limitSize}: the first entry is
   * always returned; each further one only if the total stays within {@code maxSize}.
   */
  @Override
  public int fetchEntries(long regionId, long low, long high, long maxSize, List<byte[]> out) {
    checkIndex(low);
    if (low >= high) {
      return 0;
    }
    int count = 0;
    long size = 0;
    try (EngineIterator it = engine.iterator(Cf.DEFAULT, RaftEngineKeys.raftLogKey(regionId, low),
        RaftEngineKeys.raftLogKey(regionId, high))) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        if (RaftEngineKeys.raftLogIndex(it.key()) != low + count) {
          break; // a gap
        }
        byte[] entry = it.value();
        if (count > 0 && size + entry.length > maxSize) {
          break;
        }
        size += entry.length;
        out.add(entry);
        count++;
      }
    }
    return count;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Counts the entries present by iterating over their keys, then deletes the range with one
   * range deletion (not synced: losing a GC in a crash only keeps entries longer).
   */
  @Override
  public long gc(long regionId, long from, long to) {
    checkIndex(from);
    if (from >= to) {
      return 0;
    }
    byte[] start = RaftEngineKeys.raftLogKey(regionId, from);
    byte[] end = RaftEngineKeys.raftLogKey(regionId, to);
    long count = 0;
    try (EngineIterator it = engine.iterator(Cf.DEFAULT, start, end)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        count++;
      }
    }
    if (count > 0) {
      try (WriteBatch batch = engine.newWriteBatch()) {
        batch.deleteRange(Cf.DEFAULT, start, end);
        engine.write(batch, false);
      }
    }
    return count;
  }

  @Override
  public void clean(long regionId, RaftLogBatch batch) {
    own(batch).clean(regionId);
  }

  @Override
  public void sync() {
    engine.syncWal();
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "KvRaftEngine(" + engine + ")";
  }

  private KvRaftLogBatch own(RaftLogBatch batch) {
    if (!(batch instanceof KvRaftLogBatch b) || b.owner() != this) {
      throw new EngineException("the raft log batch was not made by this raft engine");
    }
    return b;
  }

  static long checkIndex(long index) {
    if (index < 0) {
      throw new EngineException("negative raft log index " + index);
    }
    return index;
  }
}
