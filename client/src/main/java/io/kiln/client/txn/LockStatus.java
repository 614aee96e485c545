package io.kiln.client.txn;

/**
 * What {@code KvCheckTxnStatus} said about the transaction that owns a lock: committed (resolve
 * the lock forward), rolled back (resolve it away), or still alive (wait).
 */
public sealed interface LockStatus permits LockStatus.Committed, LockStatus.RolledBack, LockStatus.Alive {

  /** The owner committed at {@code commitTs}. */
  record Committed(long commitTs) implements LockStatus {}

  /** The owner rolled back (or its lock expired and the check rolled it back). */
  record RolledBack() implements LockStatus {}

  /**
   * The owner's primary lock is alive for {@code ttlMs} more (measured from its start_ts). When
   * {@code minCommitTsPushed}, the check raised the owner's min_commit_ts past the reader's start_ts:
   * the owner will commit after the reader's snapshot, so the reader may read past the lock.
   */
  record Alive(long ttlMs, boolean minCommitTsPushed) implements LockStatus {}
}
