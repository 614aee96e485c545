package io.kiln.client.error;

/**
 * An operation kept meeting retryable errors (region errors, unreachable stores, a busy server,
 * a live lock) until its deadline or its retry budget ran out. The message names the operation
 * and the last error; the cause, when there is one, is the last exception seen.
 */
public class BackoffExhaustedException extends KilnClientException {

  private final String lastError;

  public BackoffExhaustedException(String operation, String lastError, Throwable cause) {
    super(operation + " gave up: " + lastError, cause);
    this.lastError = lastError;
  }

  /** The last error met before giving up. */
  public String lastError() {
    return lastError;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
