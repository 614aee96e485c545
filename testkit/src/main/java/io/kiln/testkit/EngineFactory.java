package io.kiln.testkit;

import java.nio.file.Path;

/**
 * Where a {@link Cluster}'s stores keep their data. {@link #open} gives a store its engines:
 * empty the first time, and everything the store wrote (durably) on every later open, which is
 * what a restart needs. {@link #close()} throws all of it away.
 */
public interface EngineFactory extends AutoCloseable {

  /** Opens (or reopens) the engines of store {@code storeId}. */
  StoreEngines open(long storeId);

  /** A short name for logs and test output ({@code memory}, {@code rocksdb}). */
  String name();

  /** Releases every store's engines and deletes their files. */
  @Override
  void close();

  /** RocksDB in a new temporary folder, one subfolder per store; {@link #close()} deletes it. */
  static EngineFactory rocksdb() {
    return RocksEngineFactory.inTempDir();
  }

  /** RocksDB under {@code root} (one subfolder per store); {@link #close()} deletes it. */
  static EngineFactory rocksdb(Path root) {
    return new RocksEngineFactory(root);
  }

  /**
   * Engines in memory that lose every unsynced write when their store stops ({@link
   * LossyKvEngine}): a stop is a power cut, so a restart shows whether the store synced all it
   * needed (raft log and hard state) and can rebuild the rest (applied data) from it.
   */
  static LossyMemoryEngineFactory memoryLosingUnsyncedWrites() {
    return new LossyMemoryEngineFactory();
  }

  /** Engines in memory: fast; a restart keeps everything, even what was never synced. */
  static EngineFactory memory() {
    return new MemoryEngineFactory();
  }
}
