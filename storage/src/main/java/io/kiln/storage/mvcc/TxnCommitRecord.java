package io.kiln.storage.mvcc;

/**
 * What the write CF says about one transaction on one key (TiKV's {@code TxnCommitRecord}), found
 * by {@link MvccReader#getTxnCommitRecord}.
 */
public sealed interface TxnCommitRecord {

  /**
   * No record of the transaction. {@code overlappedWrite} is another transaction's commit record
   * whose commit_ts equals this transaction's start_ts (a rollback of this transaction must then
   * flag that record instead of overwriting it), or null.
   */
  record None(Write overlappedWrite) implements TxnCommitRecord {}

  /** The transaction's own record: a commit (Put/Delete/Lock) or a rollback. */
  record SingleRecord(long commitTs, Write write) implements TxnCommitRecord {}

  /** Another transaction's record at commit_ts == start_ts, flagged as covering our rollback. */
  record OverlappedRollback(long commitTs) implements TxnCommitRecord {}

  /** The commit_ts if the transaction committed here; 0 if rolled back or unknown. */
  default long committedTs() {
    if (this instanceof SingleRecord s && s.write().type() != WriteType.ROLLBACK) {
      return s.commitTs();
    }
    return 0;
  }

  /** True if the record says the transaction was rolled back. */
  default boolean isRolledBack() {
    return this instanceof OverlappedRollback
        || (this instanceof SingleRecord s && s.write().type() == WriteType.ROLLBACK);
  }
}
