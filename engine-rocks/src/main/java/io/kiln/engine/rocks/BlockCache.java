package io.kiln.engine.rocks;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;

/**
 * An LRU block cache that several RocksDB instances (a store's kv and raft databases) and all
 * their column families share, so one number bounds the memory of cached blocks. Half of it is
 * reserved for high-priority entries (index and filter blocks). Close it after every engine that
 * uses it; a database that is still open keeps its own reference alive anyway.
 */
public final class BlockCache implements AutoCloseable {

  private final LRUCache cache;
  private final long capacity;

  private BlockCache(long capacity) {
    RocksNative.load();
    this.capacity = capacity;
    this.cache = new LRUCache(capacity, -1, false, 0.5);
  }

  public static BlockCache lru(long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacityBytes);
    }
    return new BlockCache(capacityBytes);
  }

  public long capacity() {
    return capacity;
  }

  /** Bytes held now. */
  public long usage() {
    return cache.getUsage();
  }

  Cache rocksCache() {
    return cache;
  }

  @Override
  public void close() {
    cache.close();
  }
}
