package io.kiln.server.raw;

/**
 * How the raw API behaves.
 *
 * @param ttlEnabled values carry an expiry (TiKV's {@code storage.enable-ttl}, API "V1TTL"): every
 *     stored value is the user value followed by 8 bytes, big-endian, the expiry in unix seconds (0:
 *     never). When off, values are stored as given and a request with a TTL is refused. The choice
 *     is a property of the data: never switch it on a store that holds raw data.
 * @param maxKeySize a longer key is refused (TiKV's {@code storage.max-key-size}, 8 KiB)
 * @param maxValueSize a longer value is refused (6 MiB, TiDB's entry size limit, so that a value
 *     with its key and expiry always fits in one raft entry of the default 8 MiB)
 */
public record RawKvOptions(boolean ttlEnabled, int maxKeySize, int maxValueSize) {

  public static final int DEFAULT_MAX_KEY_SIZE = 8 * 1024;
  public static final int DEFAULT_MAX_VALUE_SIZE = 6 * 1024 * 1024;

  public RawKvOptions {
    if (maxKeySize <= 0 || maxValueSize <= 0) {
      throw new IllegalArgumentException("max key size and max value size must be positive, got "
          + maxKeySize + " and " + maxValueSize);
    }
  }

  /** TTL on, 8 KiB keys, 6 MiB values. */
  public static RawKvOptions defaults() {
    return new RawKvOptions(true, DEFAULT_MAX_KEY_SIZE, DEFAULT_MAX_VALUE_SIZE);
  }

  public RawKvOptions withTtl(boolean enabled) {
    return new RawKvOptions(enabled, maxKeySize, maxValueSize);
  }

  public RawKvOptions withMaxKeySize(int bytes) {
    return new RawKvOptions(ttlEnabled, bytes, maxValueSize);
  }

  public RawKvOptions withMaxValueSize(int bytes) {
    return new RawKvOptions(ttlEnabled, maxKeySize, bytes);
  }
}
