package io.kiln.raft;

/** What became of a snapshot sent to a follower, as the transport reports it. */
public enum SnapshotStatus {
  FINISH,
  FAILURE
}
