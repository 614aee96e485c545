package io.kiln.engine;

/**
 * A key-value engine with the column families of {@link Cf}. Thread-safe: reads, snapshots and
 * writes may come from any thread. {@code RocksKvEngine} (module engine-rocks) is the real one;
 * {@link MemoryKvEngine} has the same semantics in memory, for tests and simulation.
 */
public interface KvEngine extends KvReader, AutoCloseable {

  /** A consistent view of the engine as of now. */
  KvSnapshot snapshot();

  /** An empty batch for {@link #write}. */
  WriteBatch newWriteBatch();

  /**
   * Applies {@code batch} atomically. With {@code sync}, returns only once the batch is durable
   * (fsync of the write-ahead log); without it, a machine crash may lose the batch, but never
   * part of it.
   *
   * @throws EngineException on an IO error or a full disk; the batch is then not applied
   */
  void write(WriteBatch batch, boolean sync);

  /** Makes every write so far durable (a sync of the write-ahead log). */
  void syncWal();

  /** Approximate bytes of data in {@code [start, end)} of {@code cf} (0 when unknown). */
  long approximateSize(String cf, byte[] start, byte[] end);

  /** Where the engine keeps its files, or null for an in-memory engine. */
  java.nio.file.Path path();

  @Override
  void close();
}
