package io.kiln.storage.mvcc;

import io.kiln.engine.Cf;
import io.kiln.raftstore.kv.Modify;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes one command buffers (TiKV's {@code MvccTxn}): puts and deletes of locks, write
 * records and values, in encoded keys, plus the in-memory lock guards that must be released once
 * those writes are applied. Nothing is written until the scheduler hands {@link #modifies()} to
 * the raftstore. Not thread-safe; one per command.
 */
public final class MvccTxn {

  private final List<Modify> modifies = new ArrayList<>();
  private final List<AutoCloseable> guards = new ArrayList<>();
  private long writeSize;

  public void putLock(byte[] key, Lock lock) {
    add(new Modify.Put(Cf.LOCK, key, lock.toBytes()));
  }

  /** Removes the lock of {@code key}. */
  public void unlockKey(byte[] key) {
    add(new Modify.Delete(Cf.LOCK, key));
  }

  public void putValue(byte[] key, long startTs, byte[] value) {
    add(new Modify.Put(Cf.DEFAULT, KeyCodec.appendTs(key, startTs), value));
  }

  public void deleteValue(byte[] key, long startTs) {
    add(new Modify.Delete(Cf.DEFAULT, KeyCodec.appendTs(key, startTs)));
  }

  public void putWrite(byte[] key, long commitTs, Write write) {
    add(new Modify.Put(Cf.WRITE, KeyCodec.appendTs(key, commitTs), write.toBytes()));
  }

  public void deleteWrite(byte[] key, long commitTs) {
    add(new Modify.Delete(Cf.WRITE, KeyCodec.appendTs(key, commitTs)));
  }

  /** Keeps {@code guard} (an in-memory lock) until the writes are applied. */
  public void addGuard(AutoCloseable guard) {
    guards.add(guard);
  }

  public List<Modify> modifies() {
    return modifies;
  }

  public List<AutoCloseable> guards() {
    return guards;
  }

  /** The bytes of keys and values buffered so far (a resolve batch stops at a limit). */
  public long writeSize() {
    return writeSize;
  }

  public boolean isEmpty() {
    return modifies.isEmpty();
  }

  private void add(Modify m) {
    modifies.add(m);
    if (m instanceof Modify.Put p) {
      writeSize += p.key().length + p.value().length;
    } else if (m instanceof Modify.Delete d) {
      writeSize += d.key().length;
    }
  }
}
