package io.kiln.testkit.client;

/**
 * An operation did not succeed before its deadline. For a write, {@link #mayHaveApplied()} tells
 * whether some attempt got no answer (it may still be applied later) or every attempt was refused
 * (it certainly was not applied).
 */
public final class ClientDeadlineException extends RuntimeException {

  private final boolean mayHaveApplied;

  public ClientDeadlineException(String message, boolean mayHaveApplied) {
    super(message);
    this.mayHaveApplied = mayHaveApplied;
  }

  public boolean mayHaveApplied() {
    return mayHaveApplied;
  }
}
