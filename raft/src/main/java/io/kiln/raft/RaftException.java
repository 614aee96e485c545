package io.kiln.raft;

/** Errors the raft API returns to its caller. Each subclass is something the caller acts on. */
public abstract sealed class RaftException extends RuntimeException
    permits RaftException.ProposalDropped, RaftException.StepLocalMessage, RaftException.StepPeerNotFound,
        RaftException.InvalidConfig {

  private RaftException(String message) {
    super(message);
  }

  /**
   * The proposal was not appended: no leader is known, a leader transfer is in progress, the
   * uncommitted log is over its size limit, or this node was removed. Retry later, maybe elsewhere.
   */
  public static final class ProposalDropped extends RaftException {
    public ProposalDropped(String why) {
      super("proposal dropped: " + why);
    }
  }

  /** A local-only message (hup, beat, ...) was passed to {@code step}; use the dedicated method. */
  public static final class StepLocalMessage extends RaftException {
    public StepLocalMessage(String type) {
      super("cannot step local message " + type);
    }
  }

  /** A response came from a peer this node does not track (it was removed, or never added). */
  public static final class StepPeerNotFound extends RaftException {
    public StepPeerNotFound(long from) {
      super("response from unknown peer " + from);
    }
  }

  /** The configuration is invalid. */
  public static final class InvalidConfig extends RaftException {
    public InvalidConfig(String why) {
      super("invalid raft config: " + why);
    }
  }
}
