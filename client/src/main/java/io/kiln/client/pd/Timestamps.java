package io.kiln.client.pd;

/** TiKV's timestamp layout: milliseconds since the epoch above 18 bits of logical counter. */
public final class Timestamps {

  /** Bits of the logical part. */
  public static final int LOGICAL_BITS = 18;

  private Timestamps() {}

  public static long compose(long physicalMs, long logical) {
    return (physicalMs << LOGICAL_BITS) | logical;
  }

  public static long physical(long ts) {
    return ts >>> LOGICAL_BITS;
  }

  public static long logical(long ts) {
    return ts & ((1L << LOGICAL_BITS) - 1);
  }
}
