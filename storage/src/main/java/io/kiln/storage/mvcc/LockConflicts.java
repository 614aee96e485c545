package io.kiln.storage.mvcc;

import io.kiln.proto.Kvrpcpb;

/**
 * Whether a lock blocks a read (TiKV's {@code Lock::check_ts_conflict}). Under SI a lock blocks a
 * read at ts unless it is younger (start_ts > ts), is a Lock-type or pessimistic lock (they never
 * change the value), its min_commit_ts is above ts (it will commit later than the read), the
 * client already resolved it ({@code bypassLocks}), or the read is a "latest" read
 * ({@link ReadOptions#MAX_TS}) of a synchronous transaction's primary. RC never blocks;
 * RCCheckTS answers a write conflict instead.
 */
public final class LockConflicts {

  private LockConflicts() {}

  /** Throws {@link MvccError.KeyIsLocked} (or a write conflict under RCCheckTS) if blocked. */
  public static void check(Lock lock, byte[] encodedKey, ReadOptions opts) {
    if (opts.isolation() == Kvrpcpb.IsolationLevel.RC) {
      return;
    }
    if (lock.type() == LockType.LOCK || lock.isPessimisticLock()) {
      return;
    }
    if (opts.bypassLocks().contains(lock.startTs())) {
      return;
    }
    if (opts.isolation() == Kvrpcpb.IsolationLevel.RCCheckTS) {
      throw new MvccError.WriteConflict(opts.ts(), lock.startTs(), 0, KeyCodec.decode(encodedKey),
          lock.primary());
    }
    if (lock.startTs() > opts.ts() || lock.minCommitTs() > opts.ts()) {
      return;
    }
    byte[] raw = KeyCodec.decode(encodedKey);
    if (opts.ts() == ReadOptions.MAX_TS && java.util.Arrays.equals(raw, lock.primary())
        && !lock.useAsyncCommit()) {
      return;
    }
    throw new MvccError.KeyIsLocked(lock.toLockInfo(raw));
  }

  /** True if {@link #check} would throw. */
  public static boolean blocks(Lock lock, byte[] encodedKey, ReadOptions opts) {
    try {
      check(lock, encodedKey, opts);
      return false;
    } catch (MvccError e) {
      return true;
    }
  }
}
