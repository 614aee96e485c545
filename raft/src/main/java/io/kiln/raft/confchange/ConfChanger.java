package io.kiln.raft.confchange;

import io.kiln.proto.Eraftpb.ConfChangeSingle;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.raft.quorum.JointConfig;
import io.kiln.raft.quorum.MajorityConfig;
import io.kiln.raft.tracker.Progress;
import io.kiln.raft.tracker.ProgressTracker;
import io.kiln.raft.tracker.TrackerConfig;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes what a membership change does to a tracker's configuration and progress, without
 * touching the tracker: the caller installs the {@link Result} (or throws it away on error).
 *
 * <p>Invariants checked after every change: voters and learners are disjoint, learnersNext are
 * outgoing voters that are not incoming voters, every member has a progress, and only a joint
 * configuration may have learnersNext or autoLeave.
 */
public final class ConfChanger {

  /** The configuration and progress map after a change. */
  public record Result(TrackerConfig config, SortedMap<Long, Progress> progress) {}

  private final ProgressTracker tracker;
  private final long lastIndex;

  /** @param lastIndex the leader's last log index; new members start probing after it */
  public ConfChanger(ProgressTracker tracker, long lastIndex) {
    this.tracker = tracker;
    this.lastIndex = lastIndex;
  }

  /**
   * Enters a joint configuration: the current voters become the outgoing half, and the changes
   * are applied to the incoming half.
   */
  public Result enterJoint(boolean autoLeave, List<ConfChangeSingle> changes) {
    Working w = working();
    if (w.outgoing != null && !w.outgoing.isEmpty()) {
      throw new ConfChangeException("configuration is already joint");
    }
    if (w.incoming.isEmpty()) {
      // A joint config with an empty incoming half is useless and would be unsafe to leave.
      throw new ConfChangeException("cannot make a joint configuration from zero voters");
    }
    w.outgoing = new TreeSet<>(w.incoming);
    apply(w, changes);
    w.autoLeave = autoLeave;
    return check(w);
  }

  /**
   * Leaves a joint configuration: the outgoing half is dropped, learnersNext become learners, and
   * members that are in neither half any more lose their progress.
   */
  public Result leaveJoint() {
    Working w = working();
    if (w.outgoing.isEmpty()) {
      throw new ConfChangeException("cannot leave a non-joint configuration");
    }
    for (long id : w.learnersNext) {
      w.learners.add(id);
      w.progress.get(id).setLearner(true);
    }
    w.learnersNext.clear();
    for (long id : w.outgoing) {
      boolean isVoter = w.incoming.contains(id);
      boolean isLearner = w.learners.contains(id);
      if (!isVoter && !isLearner) {
        w.progress.remove(id);
      }
    }
    w.outgoing.clear();
    w.autoLeave = false;
    return check(w);
  }

  /**
   * Applies changes that alter the voters by at most one (Raft thesis §4.1), without a joint
   * configuration. More than one voter changing at once needs {@link #enterJoint}.
   */
  public Result simple(List<ConfChangeSingle> changes) {
    Working w = working();
    if (!w.outgoing.isEmpty()) {
      throw new ConfChangeException("cannot apply a simple configuration change in a joint configuration");
    }
    TreeSet<Long> before = new TreeSet<>(w.incoming);
    apply(w, changes);
    TreeSet<Long> symmetricDiff = new TreeSet<>(before);
    symmetricDiff.addAll(w.incoming);
    TreeSet<Long> both = new TreeSet<>(before);
    both.retainAll(w.incoming);
    symmetricDiff.removeAll(both);
    if (symmetricDiff.size() > 1) {
      throw new ConfChangeException("more than one voter changed without entering a joint configuration");
    }
    return check(w);
  }

  private void apply(Working w, List<ConfChangeSingle> changes) {
    for (ConfChangeSingle cc : changes) {
      if (cc.getNodeId() == 0) {
        continue; // etcd and raft-rs treat node id 0 as a no-op
      }
      ConfChangeType type = cc.getType();
      switch (type) {
        case AddNode -> makeVoter(w, cc.getNodeId());
        case AddLearnerNode -> makeLearner(w, cc.getNodeId());
        case RemoveNode -> remove(w, cc.getNodeId());
        default -> throw new ConfChangeException("unknown conf change type " + type);
      }
    }
    if (w.incoming.isEmpty()) {
      throw new ConfChangeException("removed all voters");
    }
  }

  private void makeVoter(Working w, long id) {
    Progress pr = w.progress.get(id);
    if (pr == null) {
      initProgress(w, id, false);
      return;
    }
    pr.setLearner(false);
    w.learners.remove(id);
    w.learnersNext.remove(id);
    w.incoming.add(id);
  }

  /**
   * Makes {@code id} a learner. A voter of the outgoing half cannot become a learner while it
   * still votes there, so it is staged in learnersNext until the joint configuration is left.
   */
  private void makeLearner(Working w, long id) {
    Progress pr = w.progress.get(id);
    if (pr == null) {
      initProgress(w, id, true);
      return;
    }
    if (pr.isLearner()) {
      return;
    }
    remove(w, id);
    w.progress.put(id, pr); // remove() dropped it; the member stays, as a learner
    if (w.outgoing.contains(id)) {
      w.learnersNext.add(id);
    } else {
      pr.setLearner(true);
      w.learners.add(id);
    }
  }

  private void remove(Working w, long id) {
    if (!w.progress.containsKey(id)) {
      return;
    }
    w.incoming.remove(id);
    w.learners.remove(id);
    w.learnersNext.remove(id);
    // Still an outgoing voter: keep its progress until the joint configuration is left.
    if (!w.outgoing.contains(id)) {
      w.progress.remove(id);
    }
  }

  private void initProgress(Working w, long id, boolean learner) {
    if (learner) {
      w.learners.add(id);
    } else {
      w.incoming.add(id);
    }
    // A new member probes from the end of the leader's log; match 0 means nothing is known.
    Progress pr = new Progress(0, Math.max(lastIndex, 1), tracker.newInflights(), learner);
    // Counts as active at first, so a leader that just added it does not step down under CheckQuorum.
    pr.setRecentActive(true);
    w.progress.put(id, pr);
  }

  /** A mutable copy of the tracker's state; progresses are copied so the tracker stays untouched. */
  private Working working() {
    TrackerConfig cfg = tracker.config();
    Working w = new Working();
    w.incoming = new TreeSet<>(cfg.voters().incoming().ids());
    w.outgoing = new TreeSet<>(cfg.voters().outgoing().ids());
    w.learners = new TreeSet<>(cfg.learners());
    w.learnersNext = new TreeSet<>(cfg.learnersNext());
    w.autoLeave = cfg.autoLeave();
    w.progress = new TreeMap<>();
    tracker.progress().forEach((id, pr) -> w.progress.put(id, pr.shallowCopy()));
    return w;
  }

  private static Result check(Working w) {
    for (long id : w.incoming) {
      requireProgress(w, id, "voter");
    }
    for (long id : w.outgoing) {
      requireProgress(w, id, "outgoing voter");
    }
    for (long id : w.learners) {
      Progress pr = requireProgress(w, id, "learner");
      if (w.outgoing.contains(id) || w.incoming.contains(id)) {
        throw new ConfChangeException(id + " is both a learner and a voter");
      }
      if (!pr.isLearner()) {
        throw new ConfChangeException(id + " is in learners but its progress is not a learner's");
      }
    }
    for (long id : w.learnersNext) {
      Progress pr = requireProgress(w, id, "learner-next");
      if (!w.outgoing.contains(id)) {
        throw new ConfChangeException(id + " is in learnersNext but not an outgoing voter");
      }
      if (pr.isLearner()) {
        throw new ConfChangeException(id + " is in learnersNext but already marked learner");
      }
    }
    if (w.outgoing.isEmpty() && (!w.learnersNext.isEmpty() || w.autoLeave)) {
      throw new ConfChangeException("learnersNext and autoLeave need a joint configuration");
    }
    TrackerConfig cfg = new TrackerConfig(
        new JointConfig(MajorityConfig.of(w.incoming), MajorityConfig.of(w.outgoing)),
        w.learners, w.learnersNext, w.autoLeave);
    return new Result(cfg, w.progress);
  }

  private static Progress requireProgress(Working w, long id, String role) {
    Progress pr = w.progress.get(id);
    if (pr == null) {
      throw new ConfChangeException("no progress for " + role + " " + id);
    }
    return pr;
  }

  private static final class Working {
    TreeSet<Long> incoming;
    TreeSet<Long> outgoing;
    TreeSet<Long> learners;
    TreeSet<Long> learnersNext;
    boolean autoLeave;
    TreeMap<Long, Progress> progress;
  }
}
