package io.kiln.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A {@link WriteBatch} of a {@link MemoryKvEngine}: the operations as a list, keys and values
 * copied when added. Column families are checked when an operation is added.
 */
final class MemoryWriteBatch implements WriteBatch {

  /** One operation, bound to its column family. */
  sealed interface Op permits Put, Delete, DeleteRange {}

  record Put(MemoryColumn column, byte[] key, byte[] value) implements Op {}

  record Delete(MemoryColumn column, byte[] key) implements Op {}

  record DeleteRange(MemoryColumn column, byte[] start, byte[] end) implements Op {}

  private record SavePoint(int count, long dataSize) {}

  private final MemoryKvEngine engine;
  private final List<Op> ops = new ArrayList<>();
  private final Deque<SavePoint> savePoints = new ArrayDeque<>();
  private long dataSize;
  private boolean closed;

  MemoryWriteBatch(MemoryKvEngine engine) {
    this.engine = engine;
  }

  MemoryKvEngine engine() {
    return engine;
  }

  List<Op> ops() {
    checkOpen();
    return ops;
  }

  @Override
  public void put(String cf, byte[] key, byte[] value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    ops.add(new Put(engine.column(cf), key.clone(), value.clone()));
    dataSize += key.length + value.length;
  }

  @Override
  public void delete(String cf, byte[] key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    ops.add(new Delete(engine.column(cf), key.clone()));
    dataSize += key.length;
  }

  @Override
  public void deleteRange(String cf, byte[] start, byte[] end) {
    checkOpen();
    checkRange(start, end);
    ops.add(new DeleteRange(engine.column(cf), start.clone(), end.clone()));
    dataSize += start.length + end.length;
  }

  /** Both engines refuse a range that ends before it starts (an empty one is allowed). */
  static void checkRange(byte[] start, byte[] end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (Arrays.compareUnsigned(start, end) > 0) {
      throw new EngineException(
          "deleteRange: start " + Hex.of(start) + " is after end " + Hex.of(end));
    }
  }

  @Override
  public int count() {
    checkOpen();
    return ops.size();
  }

  @Override
  public long dataSize() {
    checkOpen();
    return dataSize;
  }

  @Override
  public void clear() {
    checkOpen();
    ops.clear();
    savePoints.clear();
    dataSize = 0;
  }

  @Override
  public void setSavePoint() {
    checkOpen();
    savePoints.push(new SavePoint(ops.size(), dataSize));
  }

  @Override
  public void rollbackToSavePoint() {
    checkOpen();
    SavePoint sp = savePoints.poll();
    if (sp == null) {
      throw new EngineException("rollbackToSavePoint: no save point");
    }
    ops.subList(sp.count, ops.size()).clear();
    dataSize = sp.dataSize;
  }

  @Override
  public void close() {
    if (!closed) {
      ops.clear();
      savePoints.clear();
      closed = true;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new EngineException("write batch is closed");
    }
  }
}
