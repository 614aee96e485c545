package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.SstWriter;
import io.kiln.engine.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KvEngine} over one RocksDB database with a given list of column families: {@link
 * io.kiln.engine.Cf#ALL} for a store's kv engine, just {@code default} for its raft engine (see
 * {@link RocksEngines}). Thread-safe.
 *
 * <p>Every RocksDB error becomes an {@link EngineException} naming the operation and the path (a
 * full disk included: RocksDB then refuses writes, it does not crash the process). Every native
 * call runs inside the engine's {@link OpenGuard}, so using the engine, its snapshots, iterators
 * or batches after {@link #close()} fails with {@code EngineException} instead of touching freed
 * memory; close releases the snapshots and iterators still open.
 */
public final class RocksKvEngine implements KvEngine {

  private static final Logger LOG = LoggerFactory.getLogger(RocksKvEngine.class);

  private final Path path;
  private final RocksDB db;
  private final Map<String, ColumnFamilyHandle> handles;
  private final RocksTuning tuning;
  /** Null when the cache is shared (its owner closes it). */
  private final BlockCache ownedCache;
  private final WriteOptions syncWrite;
  private final WriteOptions asyncWrite;
  private final OpenGuard guard;

  private RocksKvEngine(Path path, RocksDB db, Map<String, ColumnFamilyHandle> handles,
      RocksTuning tuning, BlockCache ownedCache) {
    this.path = path;
    this.db = db;
    this.handles = handles;
    this.tuning = tuning;
    this.ownedCache = ownedCache;
    this.syncWrite = new WriteOptions().setSync(true);
    this.asyncWrite = new WriteOptions().setSync(false);
    this.guard = new OpenGuard("RocksDB at " + path);
  }

  /**
   * Opens the database at {@code path}, creating the directory, the database and missing column
   * families as needed, with its own block cache of {@code options.blockCacheSize()}.
   */
  public static RocksKvEngine open(Path path, List<String> cfs, RocksEngineOptions options) {
    BlockCache cache = BlockCache.lru(options.blockCacheSize());
    try {
      return open(path, cfs, options, cache, cache);
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
  }

  /**
   * Opens the database at {@code path} like {@link #open(Path, List, RocksEngineOptions)}, caching
   * blocks in {@code cache} (shared: the caller closes it after this engine); {@code
   * options.blockCacheSize()} is then ignored.
   */
  public static RocksKvEngine open(Path path, List<String> cfs, RocksEngineOptions options,
      BlockCache cache) {
    return open(path, cfs, options, Objects.requireNonNull(cache, "cache"), null);
  }

  private static RocksKvEngine open(Path path, List<String> cfs, RocksEngineOptions options,
      BlockCache cache, BlockCache ownedCache) {
    if (cfs.isEmpty() || !cfs.contains("default")) {
      throw new IllegalArgumentException("column families must include 'default', were " + cfs);
    }
    if (cfs.stream().distinct().count() != cfs.size()) {
      throw new IllegalArgumentException("a column family is listed twice: " + cfs);
    }
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new EngineException("cannot create the directory of RocksDB at " + path, e);
    }
    RocksNative.load();
    boolean compress = options.compression();
    while (true) {
      RocksTuning tuning = new RocksTuning(cfs, options, cache.rocksCache(), compress);
      List<ColumnFamilyHandle> list = new ArrayList<>();
      try {
        RocksDB db = RocksDB.open(tuning.dbOptions(), path.toString(), tuning.descriptors(), list);
        Map<String, ColumnFamilyHandle> handles = new LinkedHashMap<>();
        for (int i = 0; i < cfs.size(); i++) {
          handles.put(cfs.get(i), list.get(i));
        }
        LOG.info("opened RocksDB at {}: column families {}, compression {}, block cache {} MiB{}",
            path, cfs, compress ? "lz4/zstd" : "none", cache.capacity() >> 20,
            ownedCache == null ? " (shared)" : "");
        return new RocksKvEngine(path, db, handles, tuning, ownedCache);
      } catch (RocksDBException e) {
        tuning.close();
        String message = String.valueOf(e.getMessage());
        if (compress && message.contains("not linked with the binary")) {
          LOG.warn("RocksDB at {}: {}; opening without compression", path, message);
          compress = false;
          continue;
        }
        throw RocksErrors.wrap("open", path, e);
      }
    }
  }

  /** The column families of this database, in the order they were opened. */
  public List<String> cfs() {
    return List.copyOf(handles.keySet());
  }

  @Override
  public byte[] get(String cf, byte[] key) {
    guard.enter();
    try {
      return getLocked(cf, null, key);
    } finally {
      guard.exit();
    }
  }

  @Override
  public EngineIterator iterator(String cf, byte[] lower, byte[] upper) {
    guard.enter();
    try {
      return iteratorLocked(cf, lower, upper, null);
    } finally {
      guard.exit();
    }
  }

  @Override
  public KvSnapshot snapshot() {
    guard.enter();
    try {
      RocksKvSnapshot snapshot = new RocksKvSnapshot(this, db.getSnapshot());
      guard.track(snapshot);
      return snapshot;
    } finally {
      guard.exit();
    }
  }

  @Override
  public WriteBatch newWriteBatch() {
    guard.enter();
    try {
      return new RocksWriteBatch(this);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    if (!(batch instanceof RocksWriteBatch b) || b.engine() != this) {
      throw new EngineException("write: the batch was not made by this engine (" + path + ")");
    }
    if (b.isEmpty()) {
      guard.enter();
      guard.exit();
      return;
    }
    guard.enter();
    try {
      db.write(sync ? syncWrite : asyncWrite, b.nativeBatch());
    } catch (RocksDBException e) {
      throw RocksErrors.wrap(sync ? "synced write" : "write", path, e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void syncWal() {
    guard.enter();
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("syncWal", path, e);
    } finally {
      guard.exit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A RocksDB {@code SstFileWriter} with copies of the database's and {@code cf}'s options, so
   * the file has the column family's comparator, table format, filter and (bottommost)
   * compression. The file records no column family: it can be ingested into any.
   */
  @Override
  public SstWriter newSstWriter(String cf, Path file) {
    Objects.requireNonNull(file, "file");
    guard.enter();
    try {
      handle(cf);
      EnvOptions envOptions = new EnvOptions(tuning.dbOptions());
      Options options = new Options(tuning.dbOptions(), tuning.cfOptions(cf));
      try {
        return new RocksSstWriter(cf, file, envOptions, options);
      } catch (RuntimeException e) {
        options.close();
        envOptions.close();
        throw e;
      }
    } finally {
      guard.exit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>RocksDB's {@code IngestExternalFile} with {@code move_files}: each file is hard-linked into
   * the database directory (copied when that fails, e.g. across file systems) and the original
   * removed; its entries get a sequence number above every earlier write (memtables overlapping
   * the files are flushed first), which is what makes them win over earlier deletes and range
   * deletions. If RocksDB leaves an original behind, this method deletes it, so the files are
   * consumed either way. RocksDB's ingestion does not check the data blocks ({@code
   * verify_checksums_before_ingest} is off, and the Java API cannot set it), so every file's
   * checksums are checked first (one sequential read; a snapshot file comes from another machine).
   */
  @Override
  public void ingest(String cf, List<Path> files) {
    guard.enter();
    try {
      ColumnFamilyHandle handle = handle(cf);
      if (files.isEmpty()) {
        return;
      }
      List<String> paths = new ArrayList<>(files.size());
      for (Path file : files) {
        RocksSstIterator.verifyChecksums(file);
        paths.add(file.toAbsolutePath().toString());
      }
      try (IngestExternalFileOptions options = new IngestExternalFileOptions()
          .setMoveFiles(true)
          .setSnapshotConsistency(true)
          .setAllowGlobalSeqNo(true)
          .setAllowBlockingFlush(true)) {
        db.ingestExternalFile(handle, paths, options);
      }
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("ingest of " + files + " into column family '" + cf + "'", path, e);
    } finally {
      guard.exit();
    }
    for (Path file : files) {
      try {
        if (Files.deleteIfExists(file)) {
          LOG.debug("RocksDB at {} left the ingested file {}; deleted it", path, file);
        }
      } catch (IOException e) {
        LOG.warn("RocksDB at {} ingested {} into column family '{}' but it cannot be deleted",
            path, file, cf, e);
      }
    }
  }

  /** {@inheritDoc} Through RocksDB's {@code SstFileReader}: any SST file RocksDB can read. */
  @Override
  public EngineIterator sstFileIterator(Path file) {
    Objects.requireNonNull(file, "file");
    guard.enter();
    try {
      return RocksSstIterator.open(file);
    } finally {
      guard.exit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>RocksDB's estimate from SST file metadata and memtable statistics; null bounds reach the
   * first or past the last key.
   */
  @Override
  public long approximateSize(String cf, byte[] start, byte[] end) {
    guard.enter();
    try {
      ColumnFamilyHandle handle = handle(cf);
      byte[] from = start == null ? new byte[0] : start;
      byte[] to = end == null ? pastLastKey(handle) : end;
      if (to == null || Arrays.compareUnsigned(from, to) >= 0) {
        return 0;
      }
      try (Slice s = new Slice(from); Slice e = new Slice(to)) {
        long[] sizes = db.getApproximateSizes(handle, List.of(new Range(s, e)),
            SizeApproximationFlag.INCLUDE_FILES, SizeApproximationFlag.INCLUDE_MEMTABLES);
        return sizes.length == 0 ? 0 : sizes[0];
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public Path path() {
    return path;
  }

  /**
   * Syncs the write-ahead log (a clean shutdown loses nothing, synced or not), releases the
   * snapshots and iterators still open, and closes the database. Waits for calls in flight.
   */
  @Override
  public void close() {
    EngineException[] failure = new EngineException[1];
    boolean closed = guard.close(() -> {
      try {
        db.syncWal();
      } catch (RocksDBException e) {
        failure[0] = RocksErrors.wrap("syncWal at close", path, e);
      }
      handles.values().forEach(ColumnFamilyHandle::close);
      try {
        db.closeE();
      } catch (RocksDBException e) {
        EngineException ex = RocksErrors.wrap("close", path, e);
        if (failure[0] == null) {
          failure[0] = ex;
        } else {
          failure[0].addSuppressed(ex);
        }
      }
      syncWrite.close();
      asyncWrite.close();
      tuning.close();
      if (ownedCache != null) {
        ownedCache.close();
      }
    });
    if (closed) {
      LOG.info("closed RocksDB at {}", path);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  @Override
  public String toString() {
    return "RocksKvEngine(" + path + ", " + handles.keySet() + ")";
  }

  // ---- for the snapshot, iterator and batch classes; the caller is inside the guard ----

  OpenGuard guard() {
    return guard;
  }

  ColumnFamilyHandle handle(String cf) {
    ColumnFamilyHandle handle = handles.get(cf);
    if (handle == null) {
      throw new EngineException(
          "unknown column family '" + cf + "' (known: " + handles.keySet() + ")");
    }
    return handle;
  }

  byte[] getLocked(String cf, ReadOptions readOptions, byte[] key) {
    ColumnFamilyHandle handle = handle(cf);
    Objects.requireNonNull(key, "key");
    try {
      return readOptions == null ? db.get(handle, key) : db.get(handle, readOptions, key);
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("get", path, e);
    }
  }

  EngineIterator iteratorLocked(String cf, byte[] lower, byte[] upper, Snapshot snapshot) {
    ColumnFamilyHandle handle = handle(cf);
    ReadOptions readOptions = new ReadOptions();
    Slice lowerSlice = null;
    Slice upperSlice = null;
    if (snapshot != null) {
      readOptions.setSnapshot(snapshot);
    }
    if (lower != null) {
      lowerSlice = new Slice(lower);
      readOptions.setIterateLowerBound(lowerSlice);
    }
    if (upper != null) {
      upperSlice = new Slice(upper);
      readOptions.setIterateUpperBound(upperSlice);
    }
    RocksIterator it = db.newIterator(handle, readOptions);
    RocksEngineIterator iterator =
        new RocksEngineIterator(guard, path, it, readOptions, lowerSlice, upperSlice);
    guard.track(iterator);
    return iterator;
  }

  void releaseSnapshotLocked(Snapshot snapshot) {
    db.releaseSnapshot(snapshot);
  }

  /** A key just past the last key of {@code handle}, or null if it is empty. */
  private byte[] pastLastKey(ColumnFamilyHandle handle) {
    try (RocksIterator it = db.newIterator(handle)) {
      it.seekToLast();
      if (!it.isValid()) {
        return null;
      }
      byte[] last = it.key();
      return Arrays.copyOf(last, last.length + 1);
    }
  }
}
