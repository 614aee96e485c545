package io.kiln.engine;

/**
 * A {@link RaftLogBatch} of a {@link KvRaftEngine}: raft keys ({@link RaftEngineKeys}) written into
 * a {@link WriteBatch} of the underlying engine's {@link Cf#DEFAULT} column family.
 */
final class KvRaftLogBatch implements RaftLogBatch {

  private final KvRaftEngine owner;
  private final WriteBatch batch;

  KvRaftLogBatch(KvRaftEngine owner, WriteBatch batch) {
    this.owner = owner;
    this.batch = batch;
  }

  KvRaftEngine owner() {
    return owner;
  }

  WriteBatch writeBatch() {
    return batch;
  }

  @Override
  public void append(long regionId, long index, byte[] entry) {
    batch.put(Cf.DEFAULT, RaftEngineKeys.raftLogKey(regionId, KvRaftEngine.checkIndex(index)), entry);
  }

  @Override
  public void cutLogs(long regionId, long from, long to) {
    KvRaftEngine.checkIndex(from);
    if (from < to) {
      batch.deleteRange(Cf.DEFAULT, RaftEngineKeys.raftLogKey(regionId, from),
          RaftEngineKeys.raftLogKey(regionId, to));
    }
  }

  @Override
  public void putRaftState(long regionId, byte[] state) {
    batch.put(Cf.DEFAULT, RaftEngineKeys.raftStateKey(regionId), state);
  }

  /** Deletes the whole log and the raft state of {@code regionId}. */
  void clean(long regionId) {
    batch.deleteRange(Cf.DEFAULT, RaftEngineKeys.raftLogKey(regionId, 0),
        RaftEngineKeys.raftLogKeyEnd(regionId));
    batch.delete(Cf.DEFAULT, RaftEngineKeys.raftStateKey(regionId));
  }

  @Override
  public boolean isEmpty() {
    return batch.isEmpty();
  }

  @Override
  public long dataSize() {
    return batch.dataSize();
  }

  @Override
  public void clear() {
    batch.clear();
  }

  @Override
  public void close() {
    batch.close();
  }
}
