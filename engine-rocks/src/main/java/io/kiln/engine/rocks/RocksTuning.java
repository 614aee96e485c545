package io.kiln.engine.rocks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.RocksObject;

/**
 * The native option objects of one database, built from {@link RocksEngineOptions}. They must
 * outlive the database, so the engine keeps this object and closes it after the database.
 */
final class RocksTuning implements AutoCloseable {

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  /** Levels 0-1 uncompressed (rewritten soon, read most), LZ4 for 2-4, ZSTD for the cold 5-6. */
  private static final List<CompressionType> COMPRESSION_PER_LEVEL = List.of(
      CompressionType.NO_COMPRESSION, CompressionType.NO_COMPRESSION,
      CompressionType.LZ4_COMPRESSION, CompressionType.LZ4_COMPRESSION,
      CompressionType.LZ4_COMPRESSION, CompressionType.ZSTD_COMPRESSION,
      CompressionType.ZSTD_COMPRESSION);

  private final DBOptions dbOptions;
  private final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
  private final Map<String, ColumnFamilyOptions> cfOptionsByName = new HashMap<>();
  private final List<RocksObject> natives = new ArrayList<>();

  RocksTuning(List<String> cfs, RocksEngineOptions o, Cache cache, boolean compress) {
    RocksNative.load();
    dbOptions = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxOpenFiles(o.maxOpenFiles())
        .setMaxBackgroundJobs(o.maxBackgroundJobs())
        .setMaxTotalWalSize(o.maxTotalWalSize())
        // write SST and WAL data out in small steps instead of one long fsync
        .setBytesPerSync(MIB)
        .setWalBytesPerSync(512 * KIB)
        // RocksDB's own LOG file in the database directory: a few, not growing forever
        .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
        .setKeepLogFileNum(5)
        .setMaxLogFileSize(16 * MIB);
    natives.add(dbOptions);

    BloomFilter bloom = o.bloomBitsPerKey() > 0 ? new BloomFilter(o.bloomBitsPerKey(), false) : null;
    if (bloom != null) {
      natives.add(bloom);
    }
    for (String cf : cfs) {
      BlockBasedTableConfig table = new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setBlockSize(16 * KIB)
          // index and filter blocks live in the shared cache too, so the cache size bounds them;
          // L0's stay pinned (every read looks at L0)
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setPinL0FilterAndIndexBlocksInCache(true);
      if (bloom != null) {
        table.setFilterPolicy(bloom).setWholeKeyFiltering(true);
      }
      ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
          .setWriteBufferSize(o.writeBufferSize())
          .setMaxWriteBufferNumber(o.maxWriteBufferNumber())
          .setMinWriteBufferNumberToMerge(1)
          .setLevelCompactionDynamicLevelBytes(true)
          .setTableFormatConfig(table);
      if (compress) {
        cfOptions.setCompressionPerLevel(COMPRESSION_PER_LEVEL);
      } else {
        cfOptions.setCompressionType(CompressionType.NO_COMPRESSION);
      }
      natives.add(cfOptions);
      cfOptionsByName.put(cf, cfOptions);
      descriptors.add(new ColumnFamilyDescriptor(cf.getBytes(StandardCharsets.UTF_8), cfOptions));
    }
  }

  DBOptions dbOptions() {
    return dbOptions;
  }

  List<ColumnFamilyDescriptor> descriptors() {
    return descriptors;
  }

  /** The options of column family {@code cf} (owned by this object), or null if there is none. */
  ColumnFamilyOptions cfOptions(String cf) {
    return cfOptionsByName.get(cf);
  }

  @Override
  public void close() {
    for (int i = natives.size() - 1; i >= 0; i--) {
      natives.get(i).close();
    }
    natives.clear();
    cfOptionsByName.clear();
  }
}
