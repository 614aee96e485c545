package io.kiln.client.error;

/**
 * A read or write met a lock of another transaction that stayed alive (its TTL not expired, its
 * primary not committed or rolled back) until the operation's deadline.
 */
public class KeyLockedException extends BackoffExhaustedException {

  private final long lockTs;

  public KeyLockedException(String operation, long lockTs, String lastError) {
    super(operation, lastError, null);
    this.lockTs = lockTs;
  }

  /** The start_ts of the transaction that holds the lock. */
  public long lockTs() {
    return lockTs;
  }
}
