package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import io.kiln.engine.Hex;
import io.kiln.engine.WriteBatch;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * A {@link WriteBatch} over a native {@code org.rocksdb.WriteBatch}. Each operation resolves its
 * column family to the engine's handle under the engine's {@link OpenGuard} (a closed handle would
 * silently mean column family 0). Counts operations and key/value bytes itself, with the same
 * save points as the native batch, so both engines report the same {@link #count()} and
 * {@link #dataSize()}.
 */
final class RocksWriteBatch implements WriteBatch {

  private record SavePoint(int count, long dataSize) {}

  private final RocksKvEngine engine;
  private final org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
  private final Deque<SavePoint> savePoints = new ArrayDeque<>();
  private int count;
  private long dataSize;
  private boolean closed;

  RocksWriteBatch(RocksKvEngine engine) {
    this.engine = engine;
  }

  RocksKvEngine engine() {
    return engine;
  }

  org.rocksdb.WriteBatch nativeBatch() {
    checkOpen();
    return batch;
  }

  @Override
  public void put(String cf, byte[] key, byte[] value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    engine.guard().enter();
    try {
      batch.put(engine.handle(cf), key, value);
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("batch put", engine.path(), e);
    } finally {
      engine.guard().exit();
    }
    count++;
    dataSize += key.length + value.length;
  }

  @Override
  public void delete(String cf, byte[] key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    engine.guard().enter();
    try {
      batch.delete(engine.handle(cf), key);
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("batch delete", engine.path(), e);
    } finally {
      engine.guard().exit();
    }
    count++;
    dataSize += key.length;
  }

  @Override
  public void deleteRange(String cf, byte[] start, byte[] end) {
    checkOpen();
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (Arrays.compareUnsigned(start, end) > 0) {
      throw new EngineException(
          "deleteRange: start " + Hex.of(start) + " is after end " + Hex.of(end));
    }
    engine.guard().enter();
    try {
      ColumnFamilyHandle handle = engine.handle(cf);
      batch.deleteRange(handle, start, end);
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("batch deleteRange", engine.path(), e);
    } finally {
      engine.guard().exit();
    }
    count++;
    dataSize += start.length + end.length;
  }

  @Override
  public int count() {
    checkOpen();
    return count;
  }

  @Override
  public long dataSize() {
    checkOpen();
    return dataSize;
  }

  @Override
  public void clear() {
    checkOpen();
    batch.clear(); // drops the native save points too
    savePoints.clear();
    count = 0;
    dataSize = 0;
  }

  @Override
  public void setSavePoint() {
    checkOpen();
    batch.setSavePoint();
    savePoints.push(new SavePoint(count, dataSize));
  }

  @Override
  public void rollbackToSavePoint() {
    checkOpen();
    SavePoint sp = savePoints.peek();
    if (sp == null) {
      throw new EngineException("rollbackToSavePoint: no save point");
    }
    try {
      batch.rollbackToSavePoint();
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("batch rollbackToSavePoint", engine.path(), e);
    }
    savePoints.pop();
    count = sp.count;
    dataSize = sp.dataSize;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      batch.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new EngineException("write batch is closed");
    }
  }
}
