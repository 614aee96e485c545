package io.kiln.storage.txn.actions;

import io.kiln.storage.mvcc.Lock;

/** What check_txn_status and its helpers concluded about a transaction (TiKV's {@code TxnStatus}). */
public sealed interface TxnStatus {

  /** Already rolled back (a rollback record exists). */
  record RolledBack() implements TxnStatus {}

  /** The primary lock expired and was rolled back now. */
  record TtlExpire() implements TxnStatus {}

  /** No lock and no record: a rollback record was written now. */
  record LockNotExist() implements TxnStatus {}

  /** Committed at {@code commitTs}. */
  record Committed(long commitTs) implements TxnStatus {}

  /** Still locked; {@code minCommitTsPushed} if this check raised its min_commit_ts. */
  record Uncommitted(Lock lock, boolean minCommitTsPushed) implements TxnStatus {}

  /** An expired pessimistic primary lock was removed without a rollback record. */
  record PessimisticRollBack() implements TxnStatus {}

  /** No lock and no record, and the caller asked not to write a rollback. */
  record LockNotExistDoNothing() implements TxnStatus {}
}
