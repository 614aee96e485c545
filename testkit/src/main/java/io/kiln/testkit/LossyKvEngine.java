package io.kiln.testkit;

import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.engine.SstWriter;
import io.kiln.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory engine with a disk's durability: a write without {@code sync} is visible at once
 * but lives only in a volatile "page cache" until a later synced write or {@link #syncWal()}
 * makes it (and every unsynced write before it) durable. {@link #crash()} throws away what was
 * never made durable, as a power cut would, and the engine goes on from its durable state.
 *
 * <p>Two {@link MemoryKvEngine}s underneath: {@code live} (what readers see) and {@code durable}.
 * Batches are recorded ({@link RecordingWriteBatch}) and replayed onto each; a crash replaces
 * {@code live} with a copy of {@code durable}. Snapshots and iterators taken before a crash fail
 * afterwards (their engine is closed), like those of a process that died.
 */
public final class LossyKvEngine implements KvEngine {

  private final List<String> cfs;
  private final ReentrantLock lock = new ReentrantLock();
  private final MemoryKvEngine durable;
  /** Written under lock. */
  private volatile MemoryKvEngine live;
  /** Guarded by lock: batches written since the last sync, in order. */
  private final List<List<RecordingWriteBatch.Op>> unsynced = new ArrayList<>();
  private long lostBatches;

  public LossyKvEngine(List<String> cfs) {
    this.cfs = List.copyOf(cfs);
    this.durable = new MemoryKvEngine(cfs);
    this.live = new MemoryKvEngine(cfs);
  }

  @Override
  public byte[] get(String cf, byte[] key) {
    return live.get(cf, key);
  }

  @Override
  public EngineIterator iterator(String cf, byte[] lower, byte[] upper) {
    return live.iterator(cf, lower, upper);
  }

  @Override
  public KvSnapshot snapshot() {
    return live.snapshot();
  }

  @Override
  public WriteBatch newWriteBatch() {
    return new RecordingWriteBatch(cfs);
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    if (!(batch instanceof RecordingWriteBatch rb)) {
      throw new IllegalArgumentException("a batch of another engine: " + batch);
    }
    List<RecordingWriteBatch.Op> ops = rb.ops();
    lock.lock();
    try {
      replay(live, ops);
      unsynced.add(ops);
      if (sync) {
        flushUnsynced();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void syncWal() {
    lock.lock();
    try {
      flushUnsynced();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Loses every write not yet durable: readers see the durable state from now on. Returns how
   * many batches were lost.
   */
  public long crash() {
    lock.lock();
    try {
      long lost = unsynced.size();
      lostBatches += lost;
      unsynced.clear();
      MemoryKvEngine fresh = new MemoryKvEngine(cfs);
      for (String cf : cfs) {
        try (EngineIterator it = durable.iterator(cf, null, null); WriteBatch wb = fresh.newWriteBatch()) {
          for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
            wb.put(cf, it.key(), it.value());
          }
          fresh.write(wb, true);
        }
      }
      MemoryKvEngine old = live;
      live = fresh;
      old.close();
      return lost;
    } finally {
      lock.unlock();
    }
  }

  /** Batches lost by crashes so far. */
  public long lostBatches() {
    lock.lock();
    try {
      return lostBatches;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SstWriter newSstWriter(String cf, Path file) {
    return live.newSstWriter(cf, file);
  }

  @Override
  public EngineIterator sstFileIterator(Path file) {
    return live.sstFileIterator(file);
  }

  /**
   * Ingests into the live engine and, since RocksDB makes an ingest durable at once, into the
   * durable one too (with every unsynced write before it, as a synced write would).
   */
  @Override
  public void ingest(String cf, List<Path> files) {
    lock.lock();
    try {
      List<RecordingWriteBatch.Op> ops = new ArrayList<>();
      for (Path f : files) {
        try (EngineIterator it = live.sstFileIterator(f)) {
          for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
            ops.add(new RecordingWriteBatch.Op(cf, it.key(), it.value(), null));
          }
        }
      }
      live.ingest(cf, files);
      flushUnsynced();
      replay(durable, ops);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long approximateSize(String cf, byte[] start, byte[] end) {
    return live.approximateSize(cf, start, end);
  }

  @Override
  public Path path() {
    return null;
  }

  @Override
  public void close() {
    live.close();
    durable.close();
  }

  @Override
  public String toString() {
    return "LossyKvEngine" + cfs;
  }

  private void flushUnsynced() {
    for (List<RecordingWriteBatch.Op> ops : unsynced) {
      replay(durable, ops);
    }
    unsynced.clear();
  }

  private static void replay(MemoryKvEngine engine, List<RecordingWriteBatch.Op> ops) {
    try (WriteBatch wb = engine.newWriteBatch()) {
      for (RecordingWriteBatch.Op op : ops) {
        op.applyTo(wb);
      }
      engine.write(wb, false);
    }
  }
}
