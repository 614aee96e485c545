package io.kiln.engine;

/**
 * Writes one sorted file of key-values (an SST file) for {@link KvEngine#ingest}: a region
 * snapshot is one such file per column family, written by the sending store and ingested by the
 * receiving one, as TiKV does. Made by {@link KvEngine#newSstWriter}; the file's format is that
 * engine's (any engine of the same kind can ingest and read it). Streams to disk: memory does not
 * grow with the file. Not thread-safe.
 *
 * <p>The writer owns its path: the file is created at the first {@link #put}, replacing whatever
 * was there, and a writer that ends without a file ({@link #finish()} with no entries, or {@link
 * #close()} before {@code finish}) leaves nothing at the path, deleting what was there.
 */
public interface SstWriter extends AutoCloseable {

  /**
   * Adds {@code key -> value}. Keys must come in strictly increasing unsigned byte order
   * (the engines' key order); the arrays are not kept.
   *
   * @throws EngineException if {@code key} is not after the previous key, the writer is finished
   *     or closed, or writing the file failed
   */
  void put(byte[] key, byte[] value);

  /** Entries added so far. */
  long count();

  /**
   * Completes the file (durably: it is synced) and returns its size in bytes. With no entries it
   * writes nothing, deletes whatever is at the path and returns 0: an empty column family has no
   * file, and the caller skips it (an engine need not accept an empty file). Call it once; after it,
   * only {@link #close()} is allowed.
   *
   * @throws EngineException if writing or syncing the file failed; {@link #close()} then deletes it
   */
  long finish();

  /**
   * Releases the writer. Before {@link #finish()} this abandons the file: it is deleted. After a
   * successful {@code finish} the file stays. Idempotent.
   *
   * @throws EngineException if an abandoned file could not be deleted
   */
  @Override
  void close();
}
