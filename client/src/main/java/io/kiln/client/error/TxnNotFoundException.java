package io.kiln.client.error;

/**
 * TiKV's TxnNotFound: the transaction's lock is gone (rolled back by another transaction that
 * resolved it, for example after its TTL expired), so it can no longer commit.
 */
public class TxnNotFoundException extends KilnClientException {

  public TxnNotFoundException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
