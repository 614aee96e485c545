package io.kiln.raft.confchange;

import io.kiln.proto.Eraftpb.ConfChangeSingle;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.raft.tracker.ProgressTracker;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a tracker's configuration from a {@link ConfState} by replaying the changes that lead
 * to it from an empty configuration: first the outgoing voters one at a time, then (if the state
 * is joint) one joint change that swaps in the incoming voters, learners and learnersNext.
 */
public final class ConfRestorer {

  private ConfRestorer() {}

  /** Installs the configuration {@code cs} in {@code tracker}; members probe from {@code lastIndex}. */
  public static void restore(ProgressTracker tracker, ConfState cs, long lastIndex) {
    List<ConfChangeSingle> outgoing = new ArrayList<>();
    List<ConfChangeSingle> incoming = new ArrayList<>();
    if (cs.getVotersOutgoingCount() == 0) {
      // Not joint: every member can be added one change at a time.
      for (long id : cs.getVotersList()) {
        incoming.add(single(ConfChangeType.AddNode, id));
      }
      for (long id : cs.getLearnersList()) {
        incoming.add(single(ConfChangeType.AddLearnerNode, id));
      }
    } else {
      for (long id : cs.getVotersOutgoingList()) {
        outgoing.add(single(ConfChangeType.AddNode, id));
      }
      // The joint change: drop the outgoing voters from the incoming half, add the real incoming.
      for (long id : cs.getVotersOutgoingList()) {
        incoming.add(single(ConfChangeType.RemoveNode, id));
      }
      for (long id : cs.getVotersList()) {
        incoming.add(single(ConfChangeType.AddNode, id));
      }
      for (long id : cs.getLearnersList()) {
        incoming.add(single(ConfChangeType.AddLearnerNode, id));
      }
      // Outgoing voters that are learners-to-be: AddLearner on an outgoing voter stages it.
      for (long id : cs.getLearnersNextList()) {
        incoming.add(single(ConfChangeType.AddLearnerNode, id));
      }
    }
    if (outgoing.isEmpty()) {
      for (ConfChangeSingle cc : incoming) {
        install(tracker, new ConfChanger(tracker, lastIndex).simple(List.of(cc)));
      }
    } else {
      for (ConfChangeSingle cc : outgoing) {
        install(tracker, new ConfChanger(tracker, lastIndex).simple(List.of(cc)));
      }
      install(tracker, new ConfChanger(tracker, lastIndex).enterJoint(cs.getAutoLeave(), incoming));
    }
  }

  private static void install(ProgressTracker tracker, ConfChanger.Result r) {
    tracker.apply(r.config(), r.progress());
  }

  private static ConfChangeSingle single(ConfChangeType type, long id) {
    return ConfChangeSingle.newBuilder().setType(type).setNodeId(id).build();
  }
}
