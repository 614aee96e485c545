package io.kiln.engine;

/**
 * Point and range reads over column families. Keys and values are byte arrays compared as
 * unsigned bytes, lexicographically (memcomparable), as RocksDB's default comparator does.
 */
public interface KvReader {

  /** The value of {@code key} in {@code cf}, or null if absent. */
  byte[] get(String cf, byte[] key);

  /**
   * An iterator over {@code cf} restricted to {@code [lower, upper)}; either bound may be null
   * (unbounded). The iterator starts unpositioned: call a seek first. Close it when done.
   */
  EngineIterator iterator(String cf, byte[] lower, byte[] upper);
}
