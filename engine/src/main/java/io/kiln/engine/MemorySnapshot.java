package io.kiln.engine;

/**
 * A {@link KvSnapshot} of a {@link MemoryKvEngine}: reads at the sequence number it pinned when
 * taken. Closing it unpins the sequence; iterators made from it pin it themselves and outlive it.
 */
final class MemorySnapshot implements KvSnapshot {

  private final MemoryKvEngine engine;
  private final long seq;
  private boolean closed;

  MemorySnapshot(MemoryKvEngine engine, long seq) {
    this.engine = engine;
    this.seq = seq;
  }

  @Override
  public byte[] get(String cf, byte[] key) {
    MemoryColumn column = engine.column(cf);
    checkOpen();
    return MemoryKvEngine.copy(column.get(key, seq));
  }

  @Override
  public synchronized EngineIterator iterator(String cf, byte[] lower, byte[] upper) {
    MemoryColumn column = engine.column(cf);
    checkOpen();
    engine.pins().pinAgain(seq);
    return new MemoryIterator(engine, column, seq, lower, upper);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      engine.pins().unpin(seq);
    }
  }

  private synchronized void checkOpen() {
    if (closed) {
      throw new EngineException("snapshot is closed");
    }
  }
}
