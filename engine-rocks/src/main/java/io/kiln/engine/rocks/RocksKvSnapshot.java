package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvSnapshot;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * A {@link KvSnapshot} over a RocksDB snapshot, which pins a sequence number: reads through it
 * ignore later writes, and compaction keeps what it can see. Released on close, or by the engine
 * when it closes first. Iterators made from it carry their own ReadOptions naming the snapshot
 * and stay usable after it closes (they pin the data they read).
 */
final class RocksKvSnapshot implements KvSnapshot, OpenGuard.Dependent {

  private final RocksKvEngine engine;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  private volatile boolean released;

  RocksKvSnapshot(RocksKvEngine engine, Snapshot snapshot) {
    this.engine = engine;
    this.snapshot = snapshot;
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
  }

  @Override
  public byte[] get(String cf, byte[] key) {
    enter();
    try {
      return engine.getLocked(cf, readOptions, key);
    } finally {
      engine.guard().exit();
    }
  }

  @Override
  public EngineIterator iterator(String cf, byte[] lower, byte[] upper) {
    enter();
    try {
      return engine.iteratorLocked(cf, lower, upper, snapshot);
    } finally {
      engine.guard().exit();
    }
  }

  @Override
  public void close() {
    engine.guard().enterToRelease();
    try {
      if (!released) {
        release();
        engine.guard().untrack(this);
      }
    } finally {
      engine.guard().exit();
    }
  }

  @Override
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    engine.releaseSnapshotLocked(snapshot);
    readOptions.close();
  }

  private void enter() {
    engine.guard().enter();
    if (released) {
      engine.guard().exit();
      throw new EngineException("snapshot is closed");
    }
  }
}
