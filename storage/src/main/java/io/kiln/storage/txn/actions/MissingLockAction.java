package io.kiln.storage.txn.actions;

/** What to do when a status check finds neither lock nor record (TiKV's {@code MissingLockAction}). */
public enum MissingLockAction {
  /** Write a rollback record that later rollbacks may collapse. */
  ROLLBACK,
  /** Write a protected rollback record (it stays, to stop a late prewrite). */
  PROTECTED_ROLLBACK,
  /** Report {@code TxnNotFound}. */
  RETURN_ERROR;

  public static MissingLockAction rollbackProtect(boolean protect) {
    return protect ? PROTECTED_ROLLBACK : ROLLBACK;
  }

  public static MissingLockAction rollbackIfNotExist(boolean rollback) {
    return rollback ? PROTECTED_ROLLBACK : RETURN_ERROR;
  }
}
