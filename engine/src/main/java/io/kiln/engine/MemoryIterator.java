package io.kiln.engine;

import java.util.Arrays;

/**
 * An {@link EngineIterator} of a {@link MemoryKvEngine}: walks one {@link MemoryColumn} at a pinned
 * sequence number within {@code [lower, upper)}, skipping keys not visible at that sequence.
 * Clamps seeks to its bounds as RocksDB does: {@code seek} below {@code lower} lands on the first
 * key, {@code seekForPrev} at or above {@code upper} on the last one.
 */
final class MemoryIterator implements EngineIterator {

  private static final byte[] EMPTY = new byte[0];

  private final MemoryKvEngine engine;
  private final MemoryColumn column;
  private final long seq;
  private final byte[] lower;
  private final byte[] upper;
  private byte[] key;
  private byte[] value;
  private boolean closed;

  /** Takes over one pin of {@code seq}, released by {@link #close()}. */
  MemoryIterator(MemoryKvEngine engine, MemoryColumn column, long seq, byte[] lower, byte[] upper) {
    this.engine = engine;
    this.column = column;
    this.seq = seq;
    this.lower = lower == null ? null : lower.clone();
    this.upper = upper == null ? null : upper.clone();
  }

  @Override
  public boolean seek(byte[] target) {
    checkOpen();
    byte[] from = lower != null && Arrays.compareUnsigned(target, lower) < 0 ? lower : target;
    return position(column.ceiling(from, true, seq, upper));
  }

  @Override
  public boolean seekForPrev(byte[] target) {
    checkOpen();
    if (upper != null && Arrays.compareUnsigned(target, upper) >= 0) {
      return position(column.floor(upper, false, seq, lower));
    }
    return position(column.floor(target, true, seq, lower));
  }

  @Override
  public boolean seekToFirst() {
    checkOpen();
    return position(column.ceiling(lower == null ? EMPTY : lower, true, seq, upper));
  }

  @Override
  public boolean seekToLast() {
    checkOpen();
    return position(column.floor(upper, false, seq, lower));
  }

  @Override
  public boolean next() {
    checkPositioned("next");
    return position(column.ceiling(key, false, seq, upper));
  }

  @Override
  public boolean prev() {
    checkPositioned("prev");
    return position(column.floor(key, false, seq, lower));
  }

  @Override
  public boolean valid() {
    checkOpen();
    return key != null;
  }

  @Override
  public byte[] key() {
    checkPositioned("key");
    return key.clone();
  }

  @Override
  public byte[] value() {
    checkPositioned("value");
    return value.clone();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      key = null;
      value = null;
      engine.pins().unpin(seq);
    }
  }

  private boolean position(MemoryColumn.Found found) {
    key = found == null ? null : found.key();
    value = found == null ? null : found.value();
    return key != null;
  }

  private void checkOpen() {
    if (closed) {
      throw new EngineException("iterator is closed");
    }
    engine.checkOpen();
  }

  private void checkPositioned(String op) {
    checkOpen();
    if (key == null) {
      throw new IllegalStateException(op + ": the iterator is not positioned on a key");
    }
  }
}
