package io.kiln.client.error;

/**
 * The transaction cannot go on: a key error that is not a conflict (TiKV's {@code abort},
 * {@code already_exist}, {@code retryable} text, an assertion), or a use of a transaction after
 * it committed or rolled back.
 */
public class TxnAbortedException extends KilnClientException {

  private final boolean retryable;

  public TxnAbortedException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
