package io.kiln.storage.concurrency;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's view of timestamps in flight (TiKV's {@code ConcurrencyManager}): {@link #maxTs()} is
 * at least every start_ts a reader has used on this store, so an async commit or 1PC prewrite can
 * pick a commit timestamp no reader has already read past.
 */
public final class ConcurrencyManager {

  private final AtomicLong maxTs;

  public ConcurrencyManager(long initialMaxTs) {
    this.maxTs = new AtomicLong(initialMaxTs);
  }

  public long maxTs() {
    return maxTs.get();
  }

  /** Raises {@link #maxTs()} to {@code ts} if it is lower. */
  public void updateMaxTs(long ts) {
    maxTs.accumulateAndGet(ts, Math::max);
  }
}
