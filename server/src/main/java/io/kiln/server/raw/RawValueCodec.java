package io.kiln.server.raw;

import java.util.Arrays;

/**
 * The bytes a raw value is stored as. With TTL off, the user value itself. With TTL on (TiKV's API
 * "V1TTL"), the user value followed by its expiry, 8 bytes big-endian, in unix seconds; 0 means
 * it never expires. A value whose expiry is at or before "now" is expired: reads do not see it.
 */
public final class RawValueCodec {

  /** Bytes the expiry adds to every stored value when TTL is on. */
  public static final int EXPIRY_BYTES = 8;

  private final boolean ttlEnabled;

  public RawValueCodec(boolean ttlEnabled) {
    this.ttlEnabled = ttlEnabled;
  }

  public boolean ttlEnabled() {
    return ttlEnabled;
  }

  /** The expiry for a TTL given at {@code nowSeconds}: 0 for no TTL, saturating at the maximum. */
  public static long expiryOf(long ttlSeconds, long nowSeconds) {
    if (ttlSeconds == 0) {
      return 0;
    }
    long sum = nowSeconds + ttlSeconds;
    // ttl is a uint64 on the wire: a "negative" one is huge, and an overflow saturates
    return ttlSeconds < 0 || sum < nowSeconds ? Long.MAX_VALUE : sum;
  }

  /** The stored form of {@code value}; {@code expiry} is ignored when TTL is off. */
  public byte[] encode(byte[] value, long expiry) {
    if (!ttlEnabled) {
      return value;
    }
    byte[] out = Arrays.copyOf(value, value.length + EXPIRY_BYTES);
    for (int i = 0; i < EXPIRY_BYTES; i++) {
      out[value.length + i] = (byte) (expiry >>> (56 - 8 * i));
    }
    return out;
  }

  /** The user value in {@code stored}. */
  public byte[] userValue(byte[] stored) {
    if (!ttlEnabled) {
      return stored;
    }
    checkLength(stored);
    return Arrays.copyOf(stored, stored.length - EXPIRY_BYTES);
  }

  /** The expiry in {@code stored} (0: never; always 0 with TTL off). */
  public long expiry(byte[] stored) {
    if (!ttlEnabled) {
      return 0;
    }
    checkLength(stored);
    long e = 0;
    for (int i = stored.length - EXPIRY_BYTES; i < stored.length; i++) {
      e = (e << 8) | (stored[i] & 0xff);
    }
    return e;
  }

  /** True if {@code stored} has expired at {@code nowSeconds}. */
  public boolean expired(byte[] stored, long nowSeconds) {
    long e = expiry(stored);
    return e != 0 && Long.compareUnsigned(e, nowSeconds) <= 0;
  }

  private static void checkLength(byte[] stored) {
    if (stored.length < EXPIRY_BYTES) {
      throw new IllegalStateException("corrupted raw value: " + stored.length
          + " bytes cannot hold the " + EXPIRY_BYTES + "-byte expiry (was TTL switched on over old data?)");
    }
  }
}
