package io.kiln.server.raw;

/**
 * A request the raw API refuses before touching any region (empty or oversized key, unknown
 * column family, TTL while TTL is off...): its message goes into the response's {@code error}.
 */
public final class InvalidRawRequest extends RuntimeException {

  public InvalidRawRequest(String message) {
    super(message, null, false, false);
  }
}
