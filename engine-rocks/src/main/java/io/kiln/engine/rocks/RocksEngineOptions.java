package io.kiln.engine.rocks;

/**
 * How a store's RocksDB instances are sized. One value serves both of a store's databases (kv
 * and raft); their block cache is shared ({@link BlockCache}).
 *
 * <p>Memory is bounded by {@code blockCacheSize} (data, index and filter blocks) plus, per column
 * family, {@code writeBufferSize * maxWriteBufferNumber} of memtables: with the defaults, 128 MiB
 * + 5 column families (4 kv, 1 raft) * 16 MiB * 3 = 368 MiB at most.
 *
 * @param blockCacheSize bytes of the LRU block cache shared by every column family of both
 *     databases; index and filter blocks are cached there too, so they count against it
 * @param writeBufferSize bytes of one memtable (per column family)
 * @param maxWriteBufferNumber memtables per column family, the active one included; when all are
 *     full, writes stall until a flush finishes
 * @param maxOpenFiles SST files kept open per database (-1: all); two databases share the
 *     process's file descriptors with the network
 * @param maxBackgroundJobs flushes plus compactions at once per database; RocksDB gives a quarter
 *     (at least one) to flushes
 * @param bloomBitsPerKey bits per key of the bloom filter on every column family (0: none);
 *     10 gives about 1% false positives for point reads of absent keys
 * @param compression LZ4 on levels 2-4 and ZSTD on 5-6 (levels 0-1 stay uncompressed: they are
 *     rewritten soon and read most), as TiKV does; falls back to none if the native library lacks
 *     them
 * @param maxTotalWalSize bytes of write-ahead log after which the column families holding its
 *     oldest part are flushed, so a quiet column family cannot keep old logs alive
 */
public record RocksEngineOptions(
    long blockCacheSize,
    long writeBufferSize,
    int maxWriteBufferNumber,
    int maxOpenFiles,
    int maxBackgroundJobs,
    int bloomBitsPerKey,
    boolean compression,
    long maxTotalWalSize) {

  private static final long MIB = 1024 * 1024;

  public RocksEngineOptions {
    if (blockCacheSize <= 0) {
      throw new IllegalArgumentException("blockCacheSize must be positive, was " + blockCacheSize);
    }
    if (writeBufferSize < 64 * 1024) {
      throw new IllegalArgumentException("writeBufferSize must be at least 64 KiB, was " + writeBufferSize);
    }
    if (maxWriteBufferNumber < 2) {
      throw new IllegalArgumentException(
          "maxWriteBufferNumber must be at least 2 (one to write while one flushes), was " + maxWriteBufferNumber);
    }
    if (maxOpenFiles != -1 && maxOpenFiles < 16) {
      throw new IllegalArgumentException("maxOpenFiles must be -1 or at least 16, was " + maxOpenFiles);
    }
    if (maxBackgroundJobs < 2) {
      throw new IllegalArgumentException(
          "maxBackgroundJobs must be at least 2 (a flush and a compaction), was " + maxBackgroundJobs);
    }
    if (bloomBitsPerKey < 0) {
      throw new IllegalArgumentException("bloomBitsPerKey must not be negative, was " + bloomBitsPerKey);
    }
    if (maxTotalWalSize <= 0) {
      throw new IllegalArgumentException("maxTotalWalSize must be positive, was " + maxTotalWalSize);
    }
  }

  /**
   * For a store: 128 MiB block cache, 16 MiB x 3 memtables per column family, 512 open files, as
   * many background jobs as cores (2 to 8), 10-bit bloom filters, LZ4/ZSTD, 256 MiB of WAL.
   */
  public static RocksEngineOptions defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new RocksEngineOptions(128 * MIB, 16 * MIB, 3, 512, Math.max(2, Math.min(8, cores)), 10,
        true, 256 * MIB);
  }

  /**
   * For tests and a playground of several stores in one machine: 8 MiB block cache, 1 MiB x 2
   * memtables, 64 open files.
   */
  public static RocksEngineOptions small() {
    return new RocksEngineOptions(8 * MIB, MIB, 2, 64, 2, 10, true, 16 * MIB);
  }

  public RocksEngineOptions withBlockCacheSize(long bytes) {
    return new RocksEngineOptions(bytes, writeBufferSize, maxWriteBufferNumber, maxOpenFiles,
        maxBackgroundJobs, bloomBitsPerKey, compression, maxTotalWalSize);
  }

  public RocksEngineOptions withWriteBuffers(long size, int number) {
    return new RocksEngineOptions(blockCacheSize, size, number, maxOpenFiles, maxBackgroundJobs,
        bloomBitsPerKey, compression, maxTotalWalSize);
  }

  public RocksEngineOptions withCompression(boolean on) {
    return new RocksEngineOptions(blockCacheSize, writeBufferSize, maxWriteBufferNumber,
        maxOpenFiles, maxBackgroundJobs, bloomBitsPerKey, on, maxTotalWalSize);
  }
}
