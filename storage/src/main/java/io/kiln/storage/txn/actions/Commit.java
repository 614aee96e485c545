package io.kiln.storage.txn.actions;

import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.TxnCommitRecord;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;

/**
 * Committing one key of a transaction (TiKV's {@code actions::commit}): the lock becomes a write
 * record at {@code key + commit_ts} and goes away. A commit that finds the transaction already
 * committed is a no-op; one that finds it rolled back, or nothing at all, fails with
 * {@link MvccError.TxnLockNotFound}; a commit_ts below the lock's min_commit_ts fails with
 * {@link MvccError.CommitTsExpired}. A stray pessimistic lock of the transaction commits as a
 * Lock record.
 */
public final class Commit {

  private Commit() {}

  /** Commits {@code startTs} on encoded {@code key} at {@code commitTs}. */
  public static void commit(MvccTxn txn, MvccReader reader, byte[] key, long startTs, long commitTs) {
    Lock lock = reader.loadLock(key);
    if (lock == null || lock.startTs() != startTs) {
      TxnCommitRecord record = reader.getTxnCommitRecord(key, startTs);
      if (record.committedTs() != 0) {
        return; // committed before (a retry, or a resolver got there first)
      }
      throw new MvccError.TxnLockNotFound(startTs, commitTs, KeyCodec.decode(key));
    }
    if (commitTs < lock.minCommitTs()) {
      throw new MvccError.CommitTsExpired(startTs, commitTs, KeyCodec.decode(key), lock.minCommitTs());
    }
    // A pessimistic lock left behind (its pessimistic rollback was lost and the key was not
    // prewritten) commits as a Lock record, as TiKV does: the transaction did commit.
    WriteType type = lock.isPessimisticLock() ? WriteType.LOCK : WriteType.fromLockType(lock.type());
    Write write = new Write(type, startTs, lock.shortValue());
    if (lock.rollbackTs().contains(commitTs)) {
      write = write.withOverlappedRollback();
    }
    txn.putWrite(key, commitTs, write);
    txn.unlockKey(key);
  }
}
