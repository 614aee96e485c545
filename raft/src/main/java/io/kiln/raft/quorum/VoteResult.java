package io.kiln.raft.quorum;

/** The outcome of counting votes: decided either way, or still waiting for answers. */
public enum VoteResult {
  /** Not enough answers yet to decide. */
  PENDING,
  /** A quorum said no: the election is lost. */
  LOST,
  /** A quorum said yes. */
  WON
}
