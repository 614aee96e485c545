package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import java.nio.file.Path;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * An {@link EngineIterator} over a RocksIterator. Owns its ReadOptions and the Slices of its
 * bounds (RocksDB reads them for as long as the iterator lives) and frees all of them on close.
 * After a positioning call that leaves it invalid it checks the iterator's status, so an IO error
 * surfaces as an {@link EngineException} instead of looking like the end of the data.
 */
final class RocksEngineIterator implements EngineIterator, OpenGuard.Dependent {

  private final OpenGuard guard;
  private final Path path;
  private final RocksIterator it;
  private final ReadOptions readOptions;
  private final Slice lower;
  private final Slice upper;
  private volatile boolean released;

  RocksEngineIterator(OpenGuard guard, Path path, RocksIterator it, ReadOptions readOptions,
      Slice lower, Slice upper) {
    this.guard = guard;
    this.path = path;
    this.it = it;
    this.readOptions = readOptions;
    this.lower = lower;
    this.upper = upper;
  }

  @Override
  public boolean seek(byte[] key) {
    enter();
    try {
      it.seek(key);
      return checkedValid();
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean seekForPrev(byte[] key) {
    enter();
    try {
      it.seekForPrev(key);
      return checkedValid();
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean seekToFirst() {
    enter();
    try {
      it.seekToFirst();
      return checkedValid();
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean seekToLast() {
    enter();
    try {
      it.seekToLast();
      return checkedValid();
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean next() {
    enter();
    try {
      requirePositioned("next");
      it.next();
      return checkedValid();
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean prev() {
    enter();
    try {
      requirePositioned("prev");
      it.prev();
      return checkedValid();
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean valid() {
    enter();
    try {
      return it.isValid();
    } finally {
      guard.exit();
    }
  }

  @Override
  public byte[] key() {
    enter();
    try {
      requirePositioned("key");
      return it.key();
    } finally {
      guard.exit();
    }
  }

  @Override
  public byte[] value() {
    enter();
    try {
      requirePositioned("value");
      return it.value();
    } finally {
      guard.exit();
    }
  }

  @Override
  public void close() {
    guard.enterToRelease();
    try {
      if (!released) {
        release();
        guard.untrack(this);
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    it.close();
    readOptions.close();
    if (lower != null) {
      lower.close();
    }
    if (upper != null) {
      upper.close();
    }
  }

  private void enter() {
    guard.enter();
    if (released) {
      guard.exit();
      throw new EngineException("iterator is closed");
    }
  }

  private void requirePositioned(String op) {
    if (!it.isValid()) {
      throw new IllegalStateException(op + ": the iterator is not positioned on a key");
    }
  }

  private boolean checkedValid() {
    if (it.isValid()) {
      return true;
    }
    try {
      it.status();
    } catch (RocksDBException e) {
      throw RocksErrors.wrap("iterate", path, e);
    }
    return false;
  }
}
