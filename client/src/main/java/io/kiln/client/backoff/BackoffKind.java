package io.kiln.client.backoff;

/**
 * What an operation is waiting for, each with its own base and cap (milliseconds), following
 * client-go's backoff configs: a region cache miss retries almost at once, a store that cannot be
 * reached or a busy server waits longer, a live lock waits for its owner.
 */
public enum BackoffKind {
  /** A region error that refreshed the cache (NotLeader without a leader, EpochNotMatch, ...). */
  REGION_MISS(2, 500),
  /** A store did not answer (connection refused, deadline); its regions were reloaded from PD. */
  STORE_UNREACHABLE(20, 1_000),
  /** ServerIsBusy and similar overload signals: wait, keep the cache. */
  SERVER_BUSY(50, 2_000),
  /** PD did not answer or its leader moved. */
  PD_RPC(50, 1_000),
  /** A lock of another transaction is still alive. */
  TXN_LOCK(20, 1_000),
  /** A region has no leader yet (an election is under way). */
  NO_LEADER(10, 500);

  private final long baseMs;
  private final long capMs;

  BackoffKind(long baseMs, long capMs) {
    this.baseMs = baseMs;
    this.capMs = capMs;
  }

  public long baseMs() {
    return baseMs;
  }

  public long capMs() {
    return capMs;
  }
}
