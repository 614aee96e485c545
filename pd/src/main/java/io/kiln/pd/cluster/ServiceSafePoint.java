package io.kiln.pd.cluster;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A service's GC safe point: GC must not pass {@code safePoint} (unsigned) until the Unix time
 * {@code expiredAtSeconds} ({@link Long#MAX_VALUE}: never expires).
 */
public record ServiceSafePoint(ByteString serviceId, long safePoint, long expiredAtSeconds) {

  public ServiceSafePoint {
    Objects.requireNonNull(serviceId, "serviceId");
  }

  boolean isExpired(long nowSeconds) {
    return expiredAtSeconds < nowSeconds;
  }

  /** Stored form: safe point (8 bytes), expiry (8 bytes), then the service id. */
  byte[] encode() {
    return ByteBuffer.allocate(16 + serviceId.size())
        .putLong(safePoint)
        .putLong(expiredAtSeconds)
        .put(serviceId.toByteArray())
        .array();
  }

  static ServiceSafePoint decode(byte[] bytes) {
    if (bytes.length < 16) {
      throw new IllegalStateException("corrupted service safe point in PD storage (" + bytes.length + " bytes)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long safePoint = buffer.getLong();
    long expiredAt = buffer.getLong();
    return new ServiceSafePoint(ByteString.copyFrom(buffer), safePoint, expiredAt);
  }
}
