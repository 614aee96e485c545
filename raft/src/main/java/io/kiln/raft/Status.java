package io.kiln.raft;

import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.raft.tracker.Progress;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a node's state for monitoring and for the application's decisions (who is
 * behind, who to transfer to). {@code progress} is filled only on the leader.
 */
public record Status(
    long id,
    HardState hardState,
    SoftState softState,
    long applied,
    long leadTransferee,
    ConfState confState,
    Map<Long, Progress> progress) {

  static Status of(Raft r) {
    Map<Long, Progress> prs = new TreeMap<>();
    if (r.state == StateRole.LEADER) {
      r.prs.visit((id, pr) -> prs.put(id, pr.copy()));
    }
    return new Status(r.id, r.hardState(), r.softState(), r.raftLog.applied, r.leadTransferee,
        r.prs.confState(), prs);
  }
}
