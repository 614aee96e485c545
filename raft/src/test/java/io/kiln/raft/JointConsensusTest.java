package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.proto.Eraftpb.ConfChangeSingle;
import io.kiln.proto.Eraftpb.ConfChangeTransition;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.raft.confchange.ConfChangeException;
import io.kiln.raft.confchange.ConfChanger;
import io.kiln.raft.confchange.ConfRestorer;
import io.kiln.raft.tracker.ProgressTracker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joint consensus (Raft thesis §4.3) through ConfChangeV2, and the conf changer's rules. */
class JointConsensusTest {

  static ConfChangeSingle single(ConfChangeType t, long id) {
    return ConfChangeSingle.newBuilder().setType(t).setNodeId(id).build();
  }

  static ConfChangeSingle add(long id) {
    return single(ConfChangeType.AddNode, id);
  }

  static ConfChangeSingle remove(long id) {
    return single(ConfChangeType.RemoveNode, id);
  }

  static ConfChangeSingle addLearner(long id) {
    return single(ConfChangeType.AddLearnerNode, id);
  }

  static ConfChangeV2 v2(ConfChangeTransition t, ConfChangeSingle... changes) {
    return ConfChangeV2.newBuilder().setTransition(t).addAllChanges(List.of(changes)).build();
  }

  static ConfChangeV2 leaveJoint() {
    return ConfChangeV2.getDefaultInstance();
  }

  private static TestNetwork threePlus(long... newIds) {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    for (long id : newIds) {
      net.addNew(id, 1, 2, 3);
    }
    return net;
  }

  // ------------------------------------------------------------------ through the cluster

  @Test
  void explicitJointStaysUntilAnEmptyConfChangeV2IsProposed() {
    TestNetwork net = threePlus(4, 5);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, add(4), add(5), remove(3)));
    net.stabilize();

    for (TestNode n : net.nodes.values()) {
      assertThat(n.confState.getVotersList()).as("node %d", n.id).containsExactly(1L, 2L, 4L, 5L);
      assertThat(n.confState.getVotersOutgoingList()).as("node %d", n.id).containsExactly(1L, 2L, 3L);
      assertThat(n.confState.getAutoLeave()).isFalse();
    }
    net.tick(1, 5);
    net.node(1).propose("in-joint");
    net.stabilize();
    assertThat(net.node(1).confState.getVotersOutgoingList()).as("explicit: no auto-leave").isNotEmpty();
    assertThat(net.node(5).appliedData()).containsExactly("in-joint");

    net.node(1).proposeConfChange(leaveJoint());
    net.stabilize();
    for (long id : new long[] {1, 2, 4, 5}) {
      ConfState cs = net.node(id).confState;
      assertThat(cs.getVotersList()).as("node %d", id).containsExactly(1L, 2L, 4L, 5L);
      assertThat(cs.getVotersOutgoingList()).as("node %d", id).isEmpty();
    }
    assertThat(net.node(1).progress(3)).isNull();
  }

  @Test
  void autoTransitionWithSeveralChangesEntersJointAndLeavesByItself() {
    TestNetwork net = threePlus(4);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Auto, add(4), remove(3)));
    net.stabilize();

    for (long id : new long[] {1, 2, 4}) {
      List<ConfState> history = net.node(id).confHistory;
      assertThat(history).as("node %d", id).hasSize(2);
      assertThat(history.get(0).getVotersList()).containsExactly(1L, 2L, 4L);
      assertThat(history.get(0).getVotersOutgoingList()).containsExactly(1L, 2L, 3L);
      assertThat(history.get(0).getAutoLeave()).isTrue();
      assertThat(history.get(1).getVotersList()).containsExactly(1L, 2L, 4L);
      assertThat(history.get(1).getVotersOutgoingList()).isEmpty();
      assertThat(history.get(1).getAutoLeave()).isFalse();
    }
    // The leave entry was proposed by the leader itself: an empty ConfChangeV2.
    List<Entry> confEntries = net.node(1).storage.entries(1, net.node(1).node.lastIndex() + 1, Long.MAX_VALUE)
        .stream().filter(e -> e.getEntryType() == EntryType.EntryConfChangeV2).toList();
    assertThat(confEntries).hasSize(2);
    assertThat(ConfChanges.isLeaveJoint(ConfChanges.fromEntry(confEntries.get(1)))).isTrue();
  }

  @Test
  void implicitTransitionWithOneChangeAlsoGoesThroughJoint() {
    TestNetwork net = threePlus(4);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Implicit, add(4)));
    net.stabilize();
    List<ConfState> history = net.node(2).confHistory;
    assertThat(history).hasSize(2);
    assertThat(history.get(0).getVotersOutgoingList()).containsExactly(1L, 2L, 3L);
    assertThat(history.get(1).getVotersList()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(history.get(1).getVotersOutgoingList()).isEmpty();
  }

  @Test
  void autoSingleChangeDoesNotEnterJoint() {
    TestNetwork net = threePlus(4);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Auto, add(4)));
    net.stabilize();
    assertThat(net.node(2).confHistory).singleElement()
        .satisfies(cs -> assertThat(cs.getVotersOutgoingList()).isEmpty());
  }

  @Test
  void inJointCommitNeedsMajoritiesOfBothHalves() {
    TestNetwork net = threePlus(4, 5);
    // {1,2,3} -> {1,4,5}
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, add(4), add(5), remove(2), remove(3)));
    net.stabilize();
    assertThat(net.node(1).confState.getVotersList()).containsExactly(1L, 4L, 5L);
    assertThat(net.node(1).confState.getVotersOutgoingList()).containsExactly(1L, 2L, 3L);

    // Incoming half cut off: outgoing {1,2,3} has its majority, incoming {1,4,5} does not.
    net.isolate(4);
    net.isolate(5);
    long commit = net.node(1).node.commitIndex();
    net.node(1).propose("x");
    net.stabilize();
    assertThat(net.node(1).node.commitIndex()).isEqualTo(commit);
    net.heal();
    net.tick(1, 1);
    assertThat(net.node(1).appliedData()).containsExactly("x");

    // Outgoing half cut off: incoming has its majority, outgoing does not.
    net.isolate(2);
    net.isolate(3);
    commit = net.node(1).node.commitIndex();
    net.node(1).propose("y");
    net.stabilize();
    assertThat(net.node(1).node.commitIndex()).isEqualTo(commit);
    net.heal();
    net.tick(1, 1);
    assertThat(net.node(1).appliedData()).containsExactly("x", "y");

    // After leaving, the old voters no longer matter.
    net.node(1).proposeConfChange(leaveJoint());
    net.stabilize();
    net.isolate(2);
    net.isolate(3);
    net.node(1).propose("z");
    net.stabilize();
    assertThat(net.node(4).appliedData()).containsExactly("x", "y", "z");
  }

  @Test
  void proposalsThatTheJointStateForbidsAreDropped() {
    TestNetwork net = threePlus(4);
    assertThatThrownBy(() -> net.node(1).proposeConfChange(leaveJoint()))
        .as("leave when not joint").isInstanceOf(RaftException.ProposalDropped.class);

    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, add(4)));
    net.stabilize();
    assertThatThrownBy(() -> net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, remove(3))))
        .as("enter when joint").isInstanceOf(RaftException.ProposalDropped.class);
    assertThatThrownBy(() -> net.node(1).proposeConfChange(ConfChangeTest.removeNode(3)))
        .as("simple change when joint").isInstanceOf(RaftException.ProposalDropped.class);
  }

  @Test
  void newLeaderLeavesAnAutoJointConfigThatTheOldLeaderDidNot() {
    TestNetwork net = threePlus(4);
    // Every append carrying the old leader's leave-joint entry is lost.
    net.dropIf(m -> m.getFrom() == 1 && m.getEntriesList().stream()
        .anyMatch(e -> e.getEntryType() == EntryType.EntryConfChangeV2 && e.getData().isEmpty()));
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Auto, add(4), remove(3)));
    net.stabilize();
    assertThat(net.node(2).confState.getVotersOutgoingList()).containsExactly(1L, 2L, 3L);
    assertThat(net.node(2).confState.getAutoLeave()).isTrue();

    net.isolate(1);
    net.dropIf(m -> false);
    net.elect(2);
    assertThat(net.node(2).node.isLeader()).isTrue();
    net.stabilize();
    for (long id : new long[] {2, 4}) {
      assertThat(net.node(id).confState.getVotersList()).as("node %d", id).containsExactly(1L, 2L, 4L);
      assertThat(net.node(id).confState.getVotersOutgoingList()).as("node %d", id).isEmpty();
    }
  }

  @Test
  void laggingFollowerRestoresAJointConfigFromASnapshotAndThenLeavesIt() {
    TestNetwork net = threePlus(4);
    net.isolate(3);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, add(4)));
    net.node(1).propose("j");
    net.stabilize();
    TestNode l = net.node(1);
    assertThat(l.confState.getVotersOutgoingList()).containsExactly(1L, 2L, 3L);
    long snap = l.node.appliedIndex();
    l.storage.createSnapshot(snap, l.confState, io.kiln.proto.Eraftpb.Snapshot.getDefaultInstance().getData());
    l.storage.compact(snap);

    net.reconnect(3);
    net.tick(1, 1);
    TestNode n3 = net.node(3);
    assertThat(n3.snapshots).hasSize(1);
    assertThat(n3.raft().prs.confState()).isEqualTo(l.confState);

    net.node(1).proposeConfChange(leaveJoint());
    net.stabilize();
    assertThat(n3.confState.getVotersList()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(n3.confState.getVotersOutgoingList()).isEmpty();
    assertThat(n3.raft().prs.confState()).isEqualTo(n3.confState);
  }

  @Test
  void nodeRestartedInAJointConfigKeepsItAndLeavesWithTheGroup() {
    TestNetwork net = threePlus(4, 5);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, add(4), add(5), remove(3)));
    net.stabilize();
    TestNode n2 = net.node(2);
    ConfState joint = n2.confState;
    n2.restartApplied(n2.node.appliedIndex());
    assertThat(n2.raft().prs.confState()).isEqualTo(joint);
    net.stabilize();

    net.node(1).proposeConfChange(leaveJoint());
    net.stabilize();
    assertThat(n2.confState.getVotersList()).containsExactly(1L, 2L, 4L, 5L);
    assertThat(n2.confState.getVotersOutgoingList()).isEmpty();
  }

  @Test
  void inJointAReadNeedsBothHalves() {
    TestNetwork net = threePlus(4, 5);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, add(4), add(5), remove(2), remove(3)));
    net.stabilize();
    net.isolate(2);
    net.isolate(3);
    net.node(1).node.readIndex(com.google.protobuf.ByteString.copyFromUtf8("r"));
    net.stabilize();
    net.tick(1, 3);
    assertThat(net.node(1).readStates).isEmpty();
    net.reconnect(2);
    net.tick(1, 1);
    assertThat(net.node(1).readStates).hasSize(1);
  }

  @Test
  void inJointAnElectionNeedsBothHalves() {
    TestNetwork net = threePlus(4, 5);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, add(4), add(5), remove(2), remove(3)));
    net.stabilize();
    // Node 4 can win the incoming half {1,4,5} with 5, but not the outgoing {1,2,3} without 2 or 3.
    net.isolate(1);
    net.isolate(2);
    net.isolate(3);
    net.elect(4);
    assertThat(net.node(4).node.isLeader()).isFalse();
    net.reconnect(2); // 1 of {1,2,3}: still no majority of the outgoing half
    net.elect(4);
    assertThat(net.node(4).node.isLeader()).isFalse();
    net.reconnect(3);
    net.elect(4);
    assertThat(net.node(4).node.isLeader()).isTrue();
  }

  // ------------------------------------------------------------------ ConfChanger directly

  private static ProgressTracker tracker(ConfState cs) {
    ProgressTracker t = new ProgressTracker(256, 0);
    ConfRestorer.restore(t, cs, 10);
    return t;
  }

  private static ConfState voters(long... ids) {
    ConfState.Builder b = ConfState.newBuilder();
    for (long id : ids) {
      b.addVoters(id);
    }
    return b.build();
  }

  @Test
  void changerRefusesToRemoveAllVoters() {
    ProgressTracker t = tracker(voters(1));
    assertThatThrownBy(() -> new ConfChanger(t, 10).simple(List.of(remove(1))))
        .isInstanceOf(ConfChangeException.class);
    ProgressTracker t3 = tracker(voters(1, 2, 3));
    assertThatThrownBy(() -> new ConfChanger(t3, 10).enterJoint(false, List.of(remove(1), remove(2), remove(3))))
        .isInstanceOf(ConfChangeException.class);
    assertThat(t3.confState()).isEqualTo(voters(1, 2, 3)); // the tracker is untouched
  }

  @Test
  void changerRefusesTwoVoterChangesInASimpleChange() {
    ProgressTracker t = tracker(voters(1, 2, 3));
    assertThatThrownBy(() -> new ConfChanger(t, 10).simple(List.of(add(4), add(5))))
        .isInstanceOf(ConfChangeException.class);
    assertThatThrownBy(() -> new ConfChanger(t, 10).simple(List.of(remove(2), add(4))))
        .isInstanceOf(ConfChangeException.class);
    // One voter plus learners is fine.
    ConfChanger.Result r = new ConfChanger(t, 10).simple(List.of(add(4), addLearner(5)));
    assertThat(r.config().voters().incoming().ids()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(r.config().learners()).containsExactly(5L);
  }

  @Test
  void changerRefusesLeaveWhenNotJointAndEnterWhenJoint() {
    ProgressTracker t = tracker(voters(1, 2, 3));
    assertThatThrownBy(() -> new ConfChanger(t, 10).leaveJoint()).isInstanceOf(ConfChangeException.class);

    ConfChanger.Result joint = new ConfChanger(t, 10).enterJoint(true, List.of(add(4), remove(1)));
    t.apply(joint.config(), joint.progress());
    assertThat(t.config().voters().isJoint()).isTrue();
    assertThatThrownBy(() -> new ConfChanger(t, 10).enterJoint(false, List.of(add(5))))
        .isInstanceOf(ConfChangeException.class);
    assertThatThrownBy(() -> new ConfChanger(t, 10).simple(List.of(add(5))))
        .isInstanceOf(ConfChangeException.class);

    ConfChanger.Result left = new ConfChanger(t, 10).leaveJoint();
    t.apply(left.config(), left.progress());
    assertThat(t.confState()).isEqualTo(voters(2, 3, 4));
    assertThat(t.get(1)).isNull();
  }

  @Test
  void confRestorerRoundTripsConfStates() {
    List<ConfState> states = List.of(
        voters(1),
        voters(1, 2, 3),
        voters(1, 2, 3).toBuilder().addLearners(4).addLearners(5).build(),
        // joint, plain
        ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(4)
            .addVotersOutgoing(1).addVotersOutgoing(2).addVotersOutgoing(3).build(),
        // joint with auto-leave and a learner
        ConfState.newBuilder().addVoters(4).addVoters(5).addVoters(6)
            .addVotersOutgoing(1).addVotersOutgoing(2).addVotersOutgoing(3)
            .addLearners(7).setAutoLeave(true).build(),
        // joint demoting a voter: learners_next
        ConfState.newBuilder().addVoters(1).addVoters(2)
            .addVotersOutgoing(1).addVotersOutgoing(2).addVotersOutgoing(3)
            .addLearnersNext(3).build(),
        // joint where a learner becomes a voter and a voter a learner-to-be
        ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(4)
            .addVotersOutgoing(1).addVotersOutgoing(2).addVotersOutgoing(3)
            .addLearnersNext(3).addLearners(5).build());
    for (ConfState cs : states) {
      assertThat(tracker(cs).confState()).as("%s", cs).isEqualTo(cs);
    }
  }
}
