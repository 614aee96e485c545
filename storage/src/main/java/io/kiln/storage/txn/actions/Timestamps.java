package io.kiln.storage.txn.actions;

/** TSO arithmetic: a timestamp is {@code physical_ms << 18 | logical}. */
public final class Timestamps {

  private Timestamps() {}

  public static final int LOGICAL_BITS = 18;

  /** The physical part, in milliseconds. */
  public static long physical(long ts) {
    return ts >>> LOGICAL_BITS;
  }

  public static long compose(long physicalMs, long logical) {
    return (physicalMs << LOGICAL_BITS) | logical;
  }

  /** True if a lock of {@code lockTs} with {@code ttlMs} has expired at {@code currentTs}. */
  public static boolean isExpired(long lockTs, long ttlMs, long currentTs) {
    return physical(lockTs) + ttlMs < physical(currentTs);
  }
}
