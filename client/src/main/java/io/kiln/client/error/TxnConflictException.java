package io.kiln.client.error;

/**
 * TiKV's WriteConflict: another transaction committed a write to a key after this one started
 * (or holds a newer lock), so this transaction cannot commit. Retry it as a new transaction.
 */
public class TxnConflictException extends KilnClientException {

  private final long startTs;
  private final long conflictTs;
  private final long conflictCommitTs;

  public TxnConflictException(String message, long startTs, long conflictTs, long conflictCommitTs) {
    super(message);
    this.startTs = startTs;
    this.conflictTs = conflictTs;
    this.conflictCommitTs = conflictCommitTs;
  }

  public long startTs() {
    return startTs;
  }

  /** The start_ts of the transaction that wrote the conflicting key. */
  public long conflictTs() {
    return conflictTs;
  }

  /** The commit_ts of the conflicting write (0 when it is a lock). */
  public long conflictCommitTs() {
    return conflictCommitTs;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
