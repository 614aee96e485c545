package io.kiln.storage.mvcc;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.Arrays;

/**
 * A scan of the newest visible versions of the keys in {@code [lower, upper)} at one timestamp,
 * with the SI lock check (TiKV's forward and backward scanners). It walks the lock CF and the
 * write CF side by side by user key; for each key it checks the lock, then reads the value
 * visible at ts. {@link #next()} answers keys in order ({@code reverse}: descending); a blocking
 * lock makes it throw {@link MvccError.KeyIsLocked} for that key, after which it can go on with
 * the next key, as TiKV's scan reports a locked key in its pair and continues.
 */
public final class VersionScanner implements AutoCloseable {

  private static final byte[] MAX_TS_SUFFIX = {-1, -1, -1, -1, -1, -1, -1, -1};

  private final MvccReader reader;
  private final ReadOptions opts;
  private final boolean reverse;
  private final boolean keyOnly;
  private final EngineIterator locks;
  private final EngineIterator writes;

  public VersionScanner(RegionSnapshot snapshot, ReadOptions opts, byte[] lower, byte[] upper,
      boolean reverse, boolean keyOnly) {
    this.reader = new MvccReader(snapshot);
    this.opts = opts;
    this.reverse = reverse;
    this.keyOnly = keyOnly;
    this.locks = snapshot.iterator(Cf.LOCK, lower, upper);
    this.writes = snapshot.iterator(Cf.WRITE, lower, upper);
    if (reverse) {
      locks.seekToLast();
      writes.seekToLast();
    } else {
      locks.seekToFirst();
      writes.seekToFirst();
    }
  }

  /** The next visible key and value, or null at the end. */
  public KvEntry next() {
    while (true) {
      byte[] writeKey = writes.valid() ? KeyCodec.truncateTs(writes.key()) : null;
      byte[] lockKey = locks.valid() ? locks.key() : null;
      if (writeKey == null && lockKey == null) {
        return null;
      }
      byte[] current;
      if (writeKey == null) {
        current = lockKey;
      } else if (lockKey == null) {
        current = writeKey;
      } else {
        int c = Arrays.compareUnsigned(writeKey, lockKey);
        current = (reverse ? c > 0 : c < 0) ? writeKey : lockKey;
      }
      Lock lock = null;
      if (lockKey != null && Arrays.equals(lockKey, current)) {
        lock = Lock.parse(locks.value());
        if (reverse) {
          locks.prev();
        } else {
          locks.next();
        }
      }
      boolean hasWrites = writeKey != null && Arrays.equals(writeKey, current);
      try {
        byte[] value = valueOf(current, lock, hasWrites);
        if (value != null) {
          return new KvEntry(current, keyOnly ? new byte[0] : value);
        }
      } finally {
        if (hasWrites) {
          skipVersionsOf(current);
        }
      }
    }
  }

  private byte[] valueOf(byte[] key, Lock lock, boolean hasWrites) {
    if (lock != null && LockConflicts.blocks(lock, key, opts)) {
      if (opts.accessLocks().contains(lock.startTs())) {
        return lock.type() == LockType.PUT ? reader.loadDataFromLock(key, lock) : null;
      }
      LockConflicts.check(lock, key, opts);
    }
    if (!hasWrites) {
      return null;
    }
    VersionedWrite vw = reader.getWrite(key, opts.ts());
    if (vw == null) {
      return null;
    }
    return keyOnly ? new byte[0] : reader.loadData(key, vw.write());
  }

  /** Moves the write cursor past every version of {@code key}. */
  private void skipVersionsOf(byte[] key) {
    if (reverse) {
      // versions of key sort after key itself, so this lands on the previous user key
      writes.seekForPrev(key);
    } else {
      byte[] oldest = Arrays.copyOf(key, key.length + KeyCodec.TS_LEN);
      System.arraycopy(MAX_TS_SUFFIX, 0, oldest, key.length, KeyCodec.TS_LEN);
      if (writes.seek(oldest) && KeyCodec.isVersionOf(writes.key(), key)) {
        writes.next();
      }
    }
  }

  @Override
  public void close() {
    locks.close();
    writes.close();
    reader.close();
  }
}
