package io.kiln.engine;

import java.nio.file.Path;
import java.util.List;

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

  /**
   * A writer of an SST file at {@code file} holding key-values for {@code cf}, in this engine's
   * format: this engine, and any engine of the same kind, can {@link #ingest} it (into {@code cf}
   * or any other column family) and read it with {@link #sstFileIterator}. The writer does not
   * depend on the engine once made. Nothing is created at {@code file} before the first put.
   *
   * @throws EngineException if the engine is closed or has no column family {@code cf}
   */
  SstWriter newSstWriter(String cf, Path file);

  /**
   * Atomically adds the key-values of {@code files} (made by {@link #newSstWriter} of an engine
   * of this kind) to {@code cf}: readers see all of them or none, and they are newer than
   * everything written before, so they replace existing values of their keys and are not hidden
   * by an earlier {@code deleteRange} or delete. When files share a key, the later file in the
   * list wins. Snapshots taken before do not see them. An empty list does nothing.
   *
   * <p>The files are consumed: after a successful ingest they no longer exist at their paths (an
   * engine may move them into its own directory, or read and delete them; each implementation
   * says which). If the ingest fails, nothing is added and the files are left where they were.
   *
   * @throws EngineException naming the files on a missing, corrupt, truncated or foreign file, an
   *     IO error, an unknown column family or a closed engine
   */
  void ingest(String cf, List<Path> files);

  /**
   * An iterator over every key-value of the SST file {@code file} (made by {@link #newSstWriter}
   * of an engine of this kind), in key order, without bounds. It reads the file as it goes rather
   * than loading it, checks the file's checksums as it reads, and fails with an {@link
   * EngineException} naming the file when it finds corruption (a full forward scan checks the
   * whole file). It holds the file open until closed and does not depend on the engine once made.
   *
   * @throws EngineException if the engine is closed, or the file is missing or not an SST file of
   *     this kind
   */
  EngineIterator sstFileIterator(Path file);

  /** Approximate bytes of data in {@code [start, end)} of {@code cf} (0 when unknown). */
  long approximateSize(String cf, byte[] start, byte[] end);

  /** Where the engine keeps its files, or null for an in-memory engine. */
  Path path();

  @Override
  void close();
}
