package io.kiln.storage.txn.actions;

import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.ReadOptions;
import io.kiln.storage.mvcc.TxnCommitRecord;
import io.kiln.storage.mvcc.Write;

/**
 * Deciding a transaction's fate from its primary key (TiKV's {@code actions::check_txn_status}).
 */
public final class CheckTxnStatus {

  private CheckTxnStatus() {}

  /**
   * The primary still holds the transaction's {@code lock}. An async-commit lock is only reported
   * (its fate is decided with check_secondary_locks) unless {@code forceSyncCommit}. An expired
   * lock is rolled back (a pessimistic primary lock under {@code resolvingPessimisticLock} is just
   * removed). Otherwise, if the lock has a min_commit_ts and the caller reads at or above it, the
   * min_commit_ts is pushed past the caller's start_ts so the caller need not wait.
   */
  public static TxnStatus lockExists(MvccTxn txn, MvccReader reader, byte[] primaryKey, Lock lock,
      long currentTs, long callerStartTs, boolean forceSyncCommit, boolean resolvingPessimisticLock) {
    if (lock.useAsyncCommit() && !forceSyncCommit) {
      return new TxnStatus.Uncommitted(lock, false);
    }
    if (Timestamps.isExpired(lock.startTs(), lock.ttl(), currentTs)) {
      if (resolvingPessimisticLock && lock.isPessimisticLock()) {
        txn.unlockKey(primaryKey);
        return new TxnStatus.PessimisticRollBack();
      }
      Rollback.rollbackLock(txn, reader, primaryKey, lock, true);
      return new TxnStatus.TtlExpire();
    }
    if (lock.minCommitTs() != 0 && callerStartTs != ReadOptions.MAX_TS && callerStartTs >= 0
        && callerStartTs >= lock.minCommitTs()) {
      long pushed = Math.max(callerStartTs + 1, currentTs);
      Lock updated = lock.withMinCommitTs(pushed);
      txn.putLock(primaryKey, updated);
      return new TxnStatus.Uncommitted(updated, true);
    }
    return new TxnStatus.Uncommitted(lock, false);
  }

  /**
   * The key has no lock of transaction {@code startTs} ({@code mismatchLock} is another
   * transaction's lock there, or null): the write CF decides. With no record at all, either fail
   * ({@link MissingLockAction#RETURN_ERROR}), do nothing ({@code resolvingPessimisticLock}), or
   * write a rollback record so a late prewrite cannot succeed.
   */
  public static TxnStatus missingLock(MvccTxn txn, MvccReader reader, byte[] key, long startTs,
      Lock mismatchLock, MissingLockAction action, boolean resolvingPessimisticLock) {
    TxnCommitRecord record = reader.getTxnCommitRecord(key, startTs);
    if (record instanceof TxnCommitRecord.SingleRecord s) {
      return s.write().type() == io.kiln.storage.mvcc.WriteType.ROLLBACK
          ? new TxnStatus.RolledBack()
          : new TxnStatus.Committed(s.commitTs());
    }
    if (record instanceof TxnCommitRecord.OverlappedRollback) {
      return new TxnStatus.RolledBack();
    }
    Write overlapped = ((TxnCommitRecord.None) record).overlappedWrite();
    if (action == MissingLockAction.RETURN_ERROR) {
      throw new MvccError.TxnNotFound(startTs, KeyCodec.decode(key));
    }
    if (resolvingPessimisticLock) {
      return new TxnStatus.LockNotExistDoNothing();
    }
    boolean protect = action == MissingLockAction.PROTECTED_ROLLBACK;
    if (!protect) {
      Rollback.collapsePrevRollback(txn, reader, key, startTs);
    }
    if (mismatchLock != null && overlapped == null) {
      Rollback.markRollbackOnMismatchingLock(txn, key, mismatchLock, startTs, protect);
    }
    Write rollback = Rollback.makeRollback(startTs, protect, overlapped);
    if (rollback != null) {
      txn.putWrite(key, startTs, rollback);
    }
    return new TxnStatus.LockNotExist();
  }
}
