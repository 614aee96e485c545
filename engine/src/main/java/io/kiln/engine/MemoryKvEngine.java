package io.kiln.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link KvEngine} in memory, with RocksDB's semantics for everything the interface offers: for
 * tests and deterministic simulation. Nothing is durable; {@code sync} and {@link #syncWal()} do
 * nothing.
 *
 * <h2>How it works (a tiny MVCC, like RocksDB's sequence numbers)</h2>
 *
 * <ul>
 *   <li>Each column family is a {@link MemoryColumn}: a concurrent skip list in unsigned byte
 *       order from key to its {@link Versions} (value or deletion, by sequence number).
 *   <li>Writes are serialized by one lock. Every operation of a batch gets the next sequence
 *       number; a {@code deleteRange} records a deletion of every key in its range at its number.
 *       Only when the whole batch is in place does {@link #visibleSeq} move past it, so readers
 *       see a batch entirely or not at all.
 *   <li>A snapshot or an iterator pins the visible sequence when it is made ({@link
 *       SequencePins}) and reads the newest version at or before it: later writes are invisible.
 *   <li>Versions that no pinned or future reader can see are dropped after each write ({@link
 *       VersionPruner}), so memory follows the live data.
 *   <li>SST files are plain sequential files ({@link MemorySstFormat}); {@link #ingest} checks
 *       them whole, then writes their records like one batch (a sequence number per file).
 * </ul>
 *
 * <p>Thread-safe. After {@link #close()} every use fails with {@link EngineException}, also of
 * its snapshots, iterators and batches.
 */
public final class MemoryKvEngine implements KvEngine {

  private static final System.Logger LOG = System.getLogger(MemoryKvEngine.class.getName());

  private final Map<String, MemoryColumn> columns;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final SequencePins pins = new SequencePins();
  /** Guarded by writeLock. */
  private final VersionPruner pruner = new VersionPruner();
  /** Every operation with a sequence number up to this one is visible. Written under writeLock. */
  private volatile long visibleSeq;
  private volatile boolean closed;

  /** An engine with the column families of a kv engine ({@link Cf#ALL}). */
  public MemoryKvEngine() {
    this(Cf.ALL);
  }

  /** An engine with exactly the column families {@code cfs} (a raft engine needs only default). */
  public MemoryKvEngine(List<String> cfs) {
    if (cfs.isEmpty()) {
      throw new IllegalArgumentException("an engine needs at least one column family");
    }
    Map<String, MemoryColumn> map = new LinkedHashMap<>();
    for (String cf : cfs) {
      if (map.put(Objects.requireNonNull(cf, "cf"), new MemoryColumn(cf)) != null) {
        throw new IllegalArgumentException("column family '" + cf + "' listed twice");
      }
    }
    this.columns = map;
  }

  /** The column families of this engine, in creation order. */
  public List<String> cfs() {
    return List.copyOf(columns.keySet());
  }

  @Override
  public byte[] get(String cf, byte[] key) {
    MemoryColumn column = column(cf);
    Objects.requireNonNull(key, "key");
    // Read the history first, the sequence second: a history written by a later batch may
    // contain versions this read must skip, but never lacks the one visible at visibleSeq.
    Versions versions = column.versions(key);
    long seq = visibleSeq;
    return versions == null ? null : copy(versions.valueAt(seq));
  }

  @Override
  public EngineIterator iterator(String cf, byte[] lower, byte[] upper) {
    MemoryColumn column = column(cf);
    long seq = pins.pinCurrent(() -> visibleSeq);
    return new MemoryIterator(this, column, seq, lower, upper);
  }

  @Override
  public KvSnapshot snapshot() {
    checkOpen();
    return new MemorySnapshot(this, pins.pinCurrent(() -> visibleSeq));
  }

  @Override
  public WriteBatch newWriteBatch() {
    checkOpen();
    return new MemoryWriteBatch(this);
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    checkOpen();
    if (!(batch instanceof MemoryWriteBatch b) || b.engine() != this) {
      throw new EngineException("write: the batch was not made by this engine");
    }
    List<MemoryWriteBatch.Op> ops = b.ops();
    if (ops.isEmpty()) {
      return;
    }
    writeLock.lock();
    try {
      checkOpen();
      long seq = visibleSeq;
      long horizon = pins.horizon(seq);
      for (MemoryWriteBatch.Op op : ops) {
        seq++;
        if (op instanceof MemoryWriteBatch.Put p) {
          p.column().write(p.key(), p.value(), seq, horizon, pruner);
        } else if (op instanceof MemoryWriteBatch.Delete d) {
          d.column().write(d.key(), null, seq, horizon, pruner);
        } else if (op instanceof MemoryWriteBatch.DeleteRange r) {
          r.column().deleteRange(r.start(), r.end(), seq, horizon, pruner);
        }
      }
      visibleSeq = seq;
      pruner.run(pins.horizon(seq));
    } finally {
      writeLock.unlock();
    }
  }

  /** {@inheritDoc} The file is in {@link MemorySstFormat}. */
  @Override
  public SstWriter newSstWriter(String cf, Path file) {
    column(cf);
    return new MemorySstWriter(cf, file);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads and checks every file completely before touching the engine (a corrupt one fails
   * the ingest with nothing added), then, under the write lock, writes each file's records at a
   * sequence number of its own, in list order, and makes them visible together. The records'
   * arrays become the engine's: memory grows by the data ingested, not by a second copy. The files
   * are deleted afterwards; one that cannot be deleted is reported as a warning, the ingest
   * having succeeded.
   */
  @Override
  public void ingest(String cf, List<Path> files) {
    MemoryColumn column = column(cf);
    List<List<MemorySstReader.Entry>> contents = new ArrayList<>(files.size());
    for (Path file : files) {
      contents.add(MemorySstReader.readAll(file));
    }
    if (contents.isEmpty()) {
      return;
    }
    writeLock.lock();
    try {
      checkOpen();
      long seq = visibleSeq;
      long horizon = pins.horizon(seq);
      for (List<MemorySstReader.Entry> entries : contents) {
        seq++;
        for (MemorySstReader.Entry e : entries) {
          column.write(e.key(), e.value(), seq, horizon, pruner);
        }
      }
      visibleSeq = seq;
      pruner.run(pins.horizon(seq));
    } finally {
      writeLock.unlock();
    }
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "ingested SST file " + file + " into column family '"
            + cf + "' but cannot delete it", e);
      }
    }
  }

  /** {@inheritDoc} See {@link MemorySstIterator} for its costs. */
  @Override
  public EngineIterator sstFileIterator(Path file) {
    checkOpen();
    return new MemorySstIterator(file);
  }

  @Override
  public void syncWal() {
    checkOpen();
  }

  @Override
  public long approximateSize(String cf, byte[] start, byte[] end) {
    return column(cf).size(start, end, visibleSeq);
  }

  @Override
  public Path path() {
    return null;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "MemoryKvEngine" + columns.keySet();
  }

  // ---- for the classes of this engine, and tests ----

  /** The column family {@code cf}; fails if the engine is closed or has no such family. */
  MemoryColumn column(String cf) {
    checkOpen();
    MemoryColumn column = columns.get(cf);
    if (column == null) {
      throw new EngineException(
          "unknown column family '" + cf + "' (known: " + columns.keySet() + ")");
    }
    return column;
  }

  void checkOpen() {
    if (closed) {
      throw new EngineException("engine is closed");
    }
  }

  SequencePins pins() {
    return pins;
  }

  /** Stored versions over every column family, deletions included. */
  long versionCount() {
    return columns.values().stream().mapToLong(MemoryColumn::versionCount).sum();
  }

  /** Keys waiting for their old versions to be dropped. */
  int pendingPrunes() {
    writeLock.lock();
    try {
      return pruner.pending();
    } finally {
      writeLock.unlock();
    }
  }

  static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }
}
