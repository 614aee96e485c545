package io.kiln.raft;

import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.HardState;

/** What a node persisted and restarts from: its hard state and its membership. */
public record RaftState(HardState hardState, ConfState confState) {

  /** The state of a node that has never run. */
  public static RaftState empty() {
    return new RaftState(HardState.getDefaultInstance(), ConfState.getDefaultInstance());
  }

  /** True if the node has a membership (it was bootstrapped or received a snapshot). */
  public boolean initialized() {
    return confState.getVotersCount() > 0 || confState.getLearnersCount() > 0
        || confState.getVotersOutgoingCount() > 0;
  }
}
