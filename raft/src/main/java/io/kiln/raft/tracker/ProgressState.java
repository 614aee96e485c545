package io.kiln.raft.tracker;

/** How the leader sends to a follower. */
public enum ProgressState {
  /**
   * The leader does not know where the follower's log ends: it sends at most one append per
   * heartbeat interval and waits for the answer (used after a rejection or a restart).
   */
  PROBE,
  /** The follower is known to be in sync: appends stream optimistically, bounded by inflights. */
  REPLICATE,
  /** The follower needs a snapshot; nothing else is sent until it reports the snapshot's fate. */
  SNAPSHOT
}
