package io.kiln.raft;

/** The role a node plays in its current term (Raft §5.1, plus the PreVote phase of thesis §9.6). */
public enum StateRole {
  FOLLOWER,
  /** Asking for pre-votes without raising its term, so a partitioned node cannot disrupt. */
  PRE_CANDIDATE,
  CANDIDATE,
  LEADER
}
