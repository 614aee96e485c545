/**
 * The RocksDB implementation of {@code io.kiln.engine}: the only package in Kiln that imports
 * {@code org.rocksdb} (an architecture test enforces it).
 *
 * <ul>
 *   <li>{@link io.kiln.engine.rocks.RocksKvEngine}: a {@code KvEngine} over one database with a
 *       given list of column families (write batches, snapshots, bounded iterators, synced
 *       writes, approximate sizes, SST files written with {@code SstFileWriter}, read with
 *       {@code SstFileReader} and ingested with {@code IngestExternalFile}); RocksDB errors
 *       become {@code EngineException}s.
 *   <li>{@link io.kiln.engine.rocks.RocksEngines}: a store's kv engine ({@code <dir>/db}) and raft
 *       engine ({@code <dir>/raft}, a {@code KvRaftEngine} over a one-family database), opened and
 *       closed together.
 *   <li>{@link io.kiln.engine.rocks.RocksEngineOptions} and {@link
 *       io.kiln.engine.rocks.BlockCache}: bounded memory (one LRU block cache shared by every
 *       column family of both databases, bounded memtables), bloom filters, LZ4/ZSTD compression.
 * </ul>
 *
 * <p>Native objects are never left to the garbage collector: each class closes what it creates,
 * and an engine's close releases its open snapshots and iterators first.
 */
package io.kiln.engine.rocks;
