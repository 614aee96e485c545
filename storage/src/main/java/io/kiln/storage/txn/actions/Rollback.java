package io.kiln.storage.txn.actions;

import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.TxnCommitRecord;
import io.kiln.storage.mvcc.VersionedWrite;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import java.util.Arrays;

/**
 * Rolling a transaction back on one key (TiKV's {@code rollback_lock}, {@code make_rollback},
 * {@code collapse_prev_rollback}). A rollback removes the lock and the value it staged and leaves
 * a rollback record at {@code key + start_ts}, so a prewrite of the same transaction that arrives
 * late finds it and fails. When another transaction committed exactly at our start_ts, that
 * record already sits at the same place: it is flagged "overlapped rollback" instead.
 */
public final class Rollback {

  private Rollback() {}

  /** Rolls back {@code lock} (of transaction {@code lock.startTs()}) on encoded {@code key}. */
  public static void rollbackLock(MvccTxn txn, MvccReader reader, byte[] key, Lock lock,
      boolean collapseRollback) {
    long startTs = lock.startTs();
    TxnCommitRecord record = reader.getTxnCommitRecord(key, startTs);
    if (record instanceof TxnCommitRecord.SingleRecord s && s.write().type() != WriteType.ROLLBACK) {
      throw new IllegalStateException("txn " + startTs + " has commit record " + s.write()
          + " at " + s.commitTs() + " but still a lock " + lock + " on key " + KeyCodec.hex(key));
    }
    if (!(record instanceof TxnCommitRecord.None none)) {
      txn.unlockKey(key); // already rolled back
      return;
    }
    if (lock.shortValue() == null && lock.type() == LockType.PUT) {
      txn.deleteValue(key, startTs);
    }
    // only the primary of a pessimistic transaction needs a protected rollback here
    boolean protect = lock.isPessimisticTxn()
        && Arrays.equals(KeyCodec.decode(key), lock.primary());
    Write rollback = makeRollback(startTs, protect, none.overlappedWrite());
    if (rollback != null) {
      txn.putWrite(key, startTs, rollback);
    }
    if (collapseRollback) {
      collapsePrevRollback(txn, reader, key, startTs);
    }
    txn.unlockKey(key);
  }

  /**
   * The rollback record to write at {@code key + startTs}: a fresh one, or, when another
   * transaction's record {@code overlapped} is there, that record flagged (protected rollbacks
   * only; an unprotected one is simply dropped). Null: write nothing.
   */
  public static Write makeRollback(long startTs, boolean protect, Write overlapped) {
    if (overlapped == null) {
      return Write.rollback(startTs, protect);
    }
    if (overlapped.startTs() == startTs) {
      throw new IllegalStateException("overlapped write of txn " + startTs + " is its own record");
    }
    return protect ? overlapped.withOverlappedRollback() : null;
  }

  /** Deletes the newest record of {@code key} at or below {@code ts} if it is an unprotected rollback. */
  public static void collapsePrevRollback(MvccTxn txn, MvccReader reader, byte[] key, long ts) {
    VersionedWrite prev = reader.seekWrite(key, ts);
    if (prev != null && prev.write().type() == WriteType.ROLLBACK
        && !prev.write().isProtectedRollback()) {
      txn.deleteWrite(key, prev.commitTs());
    }
  }

  /**
   * Records, in the lock of another transaction on {@code key}, that {@code startTs} was rolled
   * back here (protected rollbacks only): if that transaction later commits at exactly startTs,
   * its commit record replaces our rollback record and must carry the overlapped-rollback flag.
   * A lock younger than startTs commits above it and needs no note.
   */
  public static void markRollbackOnMismatchingLock(MvccTxn txn, byte[] key, Lock lock,
      long startTs, boolean protect) {
    if (!protect || lock.startTs() >= startTs) {
      return;
    }
    txn.putLock(key, lock.withRollbackTs(startTs));
  }
}
