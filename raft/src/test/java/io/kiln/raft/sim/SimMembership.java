package io.kiln.raft.sim;

import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.ConfChangeSingle;
import io.kiln.proto.Eraftpb.ConfChangeTransition;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.ConfState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random membership changes for the simulator, chosen from the leader's current configuration:
 * add a voter or a learner, promote a learner, remove a member, or replace a voter through a
 * joint configuration (left automatically). Voters never drop below two, and the leader itself is
 * never the one removed (a later leader may still apply its own removal; the cluster then has it
 * transfer leadership, as an application would).
 */
final class SimMembership {

  private SimMembership() {}

  /** A change the leader {@code leader} may propose now, or null if none fits. */
  static ConfChangeV2 pick(Random rnd, ConfState cs, int nodes, long leader) {
    if (cs.getVotersOutgoingCount() > 0) {
      return null; // joint: the leader leaves it by itself
    }
    List<Long> voters = new ArrayList<>(cs.getVotersList());
    List<Long> learners = new ArrayList<>(cs.getLearnersList());
    List<Long> outsiders = new ArrayList<>();
    for (long id = 1; id <= nodes; id++) {
      if (!voters.contains(id) && !learners.contains(id)) {
        outsiders.add(id);
      }
    }
    List<Long> removable = new ArrayList<>(voters);
    removable.remove(leader);
    int choice = rnd.nextInt(5);
    if (choice == 0 && !outsiders.isEmpty()) {
      return single(rnd.nextBoolean() ? ConfChangeType.AddNode : ConfChangeType.AddLearnerNode, any(rnd, outsiders));
    }
    if (choice == 1 && !learners.isEmpty()) {
      return single(rnd.nextBoolean() ? ConfChangeType.AddNode : ConfChangeType.RemoveNode, any(rnd, learners));
    }
    if (choice == 2 && voters.size() > 2 && !removable.isEmpty()) {
      return single(ConfChangeType.RemoveNode, any(rnd, removable));
    }
    if (choice >= 3 && !removable.isEmpty() && (!outsiders.isEmpty() || !learners.isEmpty())) {
      long out = any(rnd, removable);
      long in = !outsiders.isEmpty() && (learners.isEmpty() || rnd.nextBoolean())
          ? any(rnd, outsiders) : any(rnd, learners);
      return ConfChangeV2.newBuilder()
          .setTransition(rnd.nextBoolean() ? ConfChangeTransition.Auto : ConfChangeTransition.Implicit)
          .addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.AddNode).setNodeId(in))
          .addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.RemoveNode).setNodeId(out))
          .build();
    }
    return null;
  }

  /** A single change as the original (V1) message, if {@code cc} is one. */
  static ConfChange asV1(ConfChangeV2 cc) {
    ConfChangeSingle c = cc.getChanges(0);
    return ConfChange.newBuilder().setChangeType(c.getType()).setNodeId(c.getNodeId()).build();
  }

  /** True if {@code id} is a voter or learner of {@code cs}. */
  static boolean member(ConfState cs, long id) {
    return cs.getVotersList().contains(id) || cs.getVotersOutgoingList().contains(id)
        || cs.getLearnersList().contains(id) || cs.getLearnersNextList().contains(id);
  }

  private static ConfChangeV2 single(ConfChangeType type, long id) {
    return ConfChangeV2.newBuilder().addChanges(ConfChangeSingle.newBuilder().setType(type).setNodeId(id)).build();
  }

  private static long any(Random rnd, List<Long> ids) {
    return ids.get(rnd.nextInt(ids.size()));
  }
}
