package io.kiln.raft.confchange;

/** A configuration change that cannot be applied (it would be unsafe or makes no sense). */
public final class ConfChangeException extends RuntimeException {
  public ConfChangeException(String message) {
    super(message);
  }
}
