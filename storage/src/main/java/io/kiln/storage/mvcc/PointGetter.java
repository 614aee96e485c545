package io.kiln.storage.mvcc;

/**
 * Reads single keys at one timestamp with the lock check (TiKV's {@code PointGetter}): under SI
 * a blocking lock fails the read with {@link MvccError.KeyIsLocked}, unless the client says its
 * transaction committed ({@link ReadOptions#accessLocks()}), in which case the lock's own value is
 * the answer.
 */
public final class PointGetter {

  private final MvccReader reader;
  private final ReadOptions opts;

  public PointGetter(MvccReader reader, ReadOptions opts) {
    this.reader = reader;
    this.opts = opts;
  }

  /** The value of encoded {@code key} at the read ts, or null if none. */
  public byte[] get(byte[] key) {
    Lock lock = reader.loadLock(key);
    if (lock != null && LockConflicts.blocks(lock, key, opts)) {
      if (opts.accessLocks().contains(lock.startTs())) {
        return lock.type() == LockType.PUT ? reader.loadDataFromLock(key, lock) : null;
      }
      LockConflicts.check(lock, key, opts);
    }
    return reader.get(key, opts.ts());
  }
}
