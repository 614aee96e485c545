package io.kiln.client.error;

/**
 * The commit of the primary key was sent but no answer came back (the store became unreachable
 * or the deadline passed), so the transaction may or may not have committed. Read the data to
 * find out; do not assume either outcome.
 */
public class CommitUndeterminedException extends KilnClientException {

  public CommitUndeterminedException(String message, Throwable cause) {
    super(message, cause);
  }
}
