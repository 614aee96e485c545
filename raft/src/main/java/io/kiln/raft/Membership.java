package io.kiln.raft;

import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.raft.confchange.ConfChanger;
import io.kiln.raft.confchange.ConfRestorer;
import io.kiln.raft.tracker.Progress;

/**
 * How a node's membership changes: applying a committed conf change (thesis §4.1 single-step,
 * §4.3 joint consensus) and installing a snapshot, which replaces the log and the membership
 * together (Raft §7).
 */
final class Membership {

  private Membership() {}

  static ConfState apply(Raft r, ConfChangeV2 cc) {
    ConfChanger changer = new ConfChanger(r.prs, r.raftLog.lastIndex());
    ConfChanger.Result result;
    if (ConfChanges.isLeaveJoint(cc)) {
      result = changer.leaveJoint();
    } else if (ConfChanges.entersJoint(cc)) {
      result = changer.enterJoint(ConfChanges.autoLeave(cc), cc.getChangesList());
    } else {
      result = changer.simple(cc.getChangesList());
    }
    return switchToConfig(r, result);
  }

  private static ConfState switchToConfig(Raft r, ConfChanger.Result result) {
    r.prs.apply(result.config(), result.progress());
    ConfState cs = r.prs.confState();
    Progress self = r.prs.get(r.id);
    r.isLearner = self != null && self.isLearner();
    if ((self == null || r.isLearner) && r.state == StateRole.LEADER) {
      // Removed or demoted leader: it keeps leading until the application stops it, but it no
      // longer counts itself in any quorum.
      return cs;
    }
    if (r.state != StateRole.LEADER || cs.getVotersCount() == 0) {
      return cs;
    }
    if (r.maybeCommit()) {
      LeaderStep.onCommitAdvanced(r);
    } else {
      // New members should hear from us promptly.
      r.prs.visit((pid, pr) -> {
        if (pid != r.id) {
          Replication.maybeSendAppend(r, pid, false);
        }
      });
    }
    if (r.leadTransferee != Raft.NONE && !r.prs.config().voters().contains(r.leadTransferee)) {
      r.abortLeaderTransfer();
    }
    return cs;
  }

  /**
   * Installs a snapshot from the leader if it is newer than what we have. Returns false if it
   * was not needed (already committed, or our log already has its last entry) or not usable.
   */
  static boolean restore(Raft r, Snapshot s) {
    long sIndex = s.getMetadata().getIndex();
    long sTerm = s.getMetadata().getTerm();
    if (sIndex <= r.raftLog.committed) {
      return false;
    }
    if (r.state != StateRole.FOLLOWER) {
      // Only a leader of a higher term sends snapshots, and that made us a follower; be safe.
      r.becomeFollower(r.term + 1, Raft.NONE);
      return false;
    }
    ConfState cs = s.getMetadata().getConfState();
    boolean found = cs.getVotersList().contains(r.id) || cs.getLearnersList().contains(r.id)
        || cs.getVotersOutgoingList().contains(r.id);
    if (!found) {
      // The snapshot's configuration does not include us: applying it would strand us.
      return false;
    }
    if (r.raftLog.matchTerm(sIndex, sTerm)) {
      // We have the snapshot's last entry: just fast-forward the commit index.
      r.raftLog.commitTo(sIndex);
      return false;
    }
    r.raftLog.restore(s);
    r.prs.clear();
    ConfRestorer.restore(r.prs, cs, r.raftLog.lastIndex());
    Progress self = r.prs.get(r.id);
    self.maybeUpdate(self.next() - 1);
    r.isLearner = self.isLearner();
    return true;
  }
}
