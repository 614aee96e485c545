package io.kiln.engine;

/**
 * Modifications applied atomically by {@link KvEngine#write}: after a crash either all of them
 * are visible or none. Operations apply in the order they were added. Not thread-safe.
 */
public interface WriteBatch extends AutoCloseable {

  void put(String cf, byte[] key, byte[] value);

  void delete(String cf, byte[] key);

  /** Deletes every key in {@code [start, end)} of {@code cf}. */
  void deleteRange(String cf, byte[] start, byte[] end);

  /** Number of operations added since creation or the last {@link #clear()}. */
  int count();

  /** Bytes of keys and values added (an estimate of the batch's size on the write path). */
  long dataSize();

  default boolean isEmpty() {
    return count() == 0;
  }

  /** Empties the batch so it can be reused. */
  void clear();

  /** Marks a point to roll back to with {@link #rollbackToSavePoint()}. */
  void setSavePoint();

  /** Drops every operation added since the last {@link #setSavePoint()}, and that save point. */
  void rollbackToSavePoint();

  @Override
  void close();
}
