package io.kiln.raft;

/** How a leader confirms it is still the leader before answering a read index (Raft thesis §6.4). */
public enum ReadOnlyOption {
  /** A heartbeat round acknowledged by a quorum, per read batch. Always safe. */
  SAFE,
  /**
   * The leader's lease: safe only if clocks drift boundedly, and only with CheckQuorum on (a
   * leader that lost its quorum steps down within an election timeout).
   */
  LEASE_BASED
}
