package io.kiln.pd.tso;

/**
 * A timestamp of the oracle: physical milliseconds and an 18-bit logical counter, composed as
 * {@code physical << 18 | logical} (TiKV's TimeStamp).
 */
public record TsoTimestamp(long physical, long logical) implements Comparable<TsoTimestamp> {

  public static final int LOGICAL_BITS = 18;
  /** Logical values are in {@code [0, MAX_LOGICAL)}. */
  public static final long MAX_LOGICAL = 1L << LOGICAL_BITS;

  public TsoTimestamp {
    if (physical < 0 || logical < 0 || logical >= MAX_LOGICAL) {
      throw new IllegalArgumentException("invalid timestamp " + physical + "." + logical);
    }
  }

  /** The 64-bit form TiKV stores and compares. */
  public long compose() {
    return physical << LOGICAL_BITS | logical;
  }

  public static TsoTimestamp fromComposed(long ts) {
    return new TsoTimestamp(ts >>> LOGICAL_BITS, ts & (MAX_LOGICAL - 1));
  }

  @Override
  public int compareTo(TsoTimestamp other) {
    return Long.compare(compose(), other.compose());
  }
}
