package io.kiln.testkit;

import io.kiln.engine.Cf;
import io.kiln.engine.WriteBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A write batch that only records its operations, so {@link LossyKvEngine} can replay them onto
 * the engine readers see and, once synced, onto the engine that survives a crash.
 */
final class RecordingWriteBatch implements WriteBatch {

  /** One recorded operation; {@code end} is set for a range deletion, {@code value} for a put. */
  record Op(String cf, byte[] key, byte[] value, byte[] end) {

    void applyTo(WriteBatch wb) {
      if (end != null) {
        wb.deleteRange(cf, key, end);
      } else if (value != null) {
        wb.put(cf, key, value);
      } else {
        wb.delete(cf, key);
      }
    }

    long size() {
      return key.length + (value == null ? 0 : value.length) + (end == null ? 0 : end.length);
    }
  }

  private final List<String> cfs;
  private final List<Op> ops = new ArrayList<>();
  private final Deque<Integer> savePoints = new ArrayDeque<>();
  private long dataSize;

  RecordingWriteBatch(List<String> cfs) {
    this.cfs = cfs;
  }

  @Override
  public void put(String cf, byte[] key, byte[] value) {
    add(new Op(check(cf), key.clone(), value.clone(), null));
  }

  @Override
  public void delete(String cf, byte[] key) {
    add(new Op(check(cf), key.clone(), null, null));
  }

  @Override
  public void deleteRange(String cf, byte[] start, byte[] end) {
    add(new Op(check(cf), start.clone(), null, end.clone()));
  }

  @Override
  public int count() {
    return ops.size();
  }

  @Override
  public long dataSize() {
    return dataSize;
  }

  @Override
  public void clear() {
    ops.clear();
    savePoints.clear();
    dataSize = 0;
  }

  @Override
  public void setSavePoint() {
    savePoints.push(ops.size());
  }

  @Override
  public void rollbackToSavePoint() {
    if (savePoints.isEmpty()) {
      throw new IllegalStateException("no save point to roll back to");
    }
    int keep = savePoints.pop();
    while (ops.size() > keep) {
      dataSize -= ops.remove(ops.size() - 1).size();
    }
  }

  @Override
  public void close() {
    clear();
  }

  /** The operations so far, in order. */
  List<Op> ops() {
    return List.copyOf(ops);
  }

  private void add(Op op) {
    ops.add(op);
    dataSize += op.size();
  }

  private String check(String cf) {
    Cf.check(cf);
    if (!cfs.contains(cf)) {
      throw new io.kiln.engine.EngineException("this engine has no column family '" + cf + "' (it has " + cfs + ")");
    }
    return cf;
  }
}
