package io.kiln.storage.txn.actions;

import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;

/**
 * Rolling back one key of a transaction if it is not committed (TiKV's {@code actions::cleanup},
 * used by Cleanup, BatchRollback and ResolveLock). With a {@code currentTs}, a lock whose TTL has
 * not run out is reported as {@link MvccError.KeyIsLocked} instead. A committed transaction fails
 * with {@link MvccError.Committed}; an absent one gets a rollback record.
 */
public final class Cleanup {

  private Cleanup() {}

  public static void cleanup(MvccTxn txn, MvccReader reader, byte[] key, long startTs,
      long currentTs, boolean protectRollback) {
    Lock lock = reader.loadLock(key);
    if (lock != null && lock.startTs() == startTs) {
      if (currentTs != 0 && !Timestamps.isExpired(lock.startTs(), lock.ttl(), currentTs)) {
        throw new MvccError.KeyIsLocked(lock.toLockInfo(KeyCodec.decode(key)));
      }
      Rollback.rollbackLock(txn, reader, key, lock, !protectRollback);
      return;
    }
    TxnStatus status = CheckTxnStatus.missingLock(txn, reader, key, startTs, lock,
        MissingLockAction.rollbackProtect(protectRollback), false);
    if (status instanceof TxnStatus.Committed c) {
      throw new MvccError.Committed(startTs, c.commitTs(), KeyCodec.decode(key));
    }
  }
}
