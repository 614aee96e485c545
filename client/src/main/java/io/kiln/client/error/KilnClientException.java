package io.kiln.client.error;

/**
 * The root of the client's exceptions: every failure the client reports is one of its
 * subclasses, so a caller can catch this one type.
 */
public class KilnClientException extends RuntimeException {

  public KilnClientException(String message) {
    super(message);
  }

  public KilnClientException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when running the same operation again (a new transaction, for writes) may succeed. */
  public boolean isRetryable() {
    return false;
  }
}
