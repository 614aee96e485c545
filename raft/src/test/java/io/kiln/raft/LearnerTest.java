package io.kiln.raft;

import static io.kiln.raft.JointConsensusTest.addLearner;
import static io.kiln.raft.JointConsensusTest.leaveJoint;
import static io.kiln.raft.JointConsensusTest.v2;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb.ConfChangeTransition;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.MessageType;
import org.junit.jupiter.api.Test;

/** Learners (non-voting members, Raft thesis §4.2.1). */
class LearnerTest {

  private static TestNetwork net(long[] voters, long[] learners) {
    return TestNetwork.withMembers(voters, learners, b -> b);
  }

  @Test
  void learnerReceivesAndAppliesTheLog() {
    TestNetwork net = net(new long[] {1, 2, 3}, new long[] {4});
    net.elect(1);
    net.node(1).propose("a");
    net.node(1).propose("b");
    net.stabilize();
    assertThat(net.node(4).appliedData()).containsExactly("a", "b");
    assertThat(net.node(1).progress(4).isLearner()).isTrue();
    assertThat(net.node(1).progress(4).match()).isEqualTo(net.node(1).node.lastIndex());
    assertThat(net.node(4).raft().isLearner).isTrue();
  }

  @Test
  void learnerDoesNotCountTowardCommit() {
    TestNetwork net = net(new long[] {1, 2}, new long[] {3});
    net.elect(1);
    net.isolate(2);
    long commit = net.node(1).node.commitIndex();
    net.node(1).propose("x");
    net.stabilize();
    assertThat(net.node(3).node.lastIndex()).as("the learner has it").isEqualTo(net.node(1).node.lastIndex());
    assertThat(net.node(1).node.commitIndex()).as("but it does not count").isEqualTo(commit);
    assertThat(net.node(3).appliedData()).isEmpty();

    net.reconnect(2);
    net.tick(1, 1);
    assertThat(net.node(3).appliedData()).containsExactly("x");
  }

  @Test
  void learnerIsNotAskedToVoteAndItsSupportCannotElect() {
    TestNetwork net = net(new long[] {1, 2}, new long[] {3});
    net.isolate(2);
    net.elect(1);
    assertThat(net.sent(MessageType.MsgRequestVote)).noneMatch(m -> m.getTo() == 3);
    assertThat(net.node(1).node.isLeader()).isFalse();
    assertThat(net.leaders()).isEmpty();
  }

  @Test
  void learnerNeverCampaigns() {
    TestNetwork net = net(new long[] {1, 2, 3}, new long[] {4});
    net.node(4).node.campaign();
    net.tick(4, 100); // far past any election timeout
    assertThat(net.node(4).node.term()).isZero();
    assertThat(net.node(4).status().softState().role()).isEqualTo(StateRole.FOLLOWER);
    assertThat(net.sentLog).noneMatch(m -> m.getFrom() == 4);

    // Also when it stops hearing from an existing leader.
    net.elect(1);
    long term = net.node(1).node.term();
    net.isolate(4);
    net.tick(4, 100);
    assertThat(net.node(4).node.term()).isEqualTo(term);
    assertThat(net.leaders()).containsExactly(1L);
  }

  @Test
  void learnerDoesNotKeepACheckQuorumLeaderAlive() {
    TestNetwork net = TestNetwork.withMembers(new long[] {1, 2}, new long[] {3}, b -> b.checkQuorum(true));
    net.elect(1);
    net.isolate(2);
    // Node 2 was active in the first CheckQuorum window (it voted and acked); the second one fails.
    net.tick(1, 10);
    assertThat(net.node(1).node.isLeader()).isTrue();
    net.tick(1, 10);
    assertThat(net.node(1).node.isLeader()).isFalse();
  }

  @Test
  void learnerCanBePromotedToVoter() {
    TestNetwork net = net(new long[] {1, 2, 3}, new long[] {4});
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();

    net.node(1).proposeConfChange(ConfChangeTest.cc(ConfChangeType.AddNode, 4));
    net.stabilize();
    for (TestNode n : net.nodes.values()) {
      assertThat(n.confState.getVotersList()).as("node %d", n.id).containsExactly(1L, 2L, 3L, 4L);
      assertThat(n.confState.getLearnersList()).as("node %d", n.id).isEmpty();
    }
    assertThat(net.node(4).raft().isLearner).isFalse();
    assertThat(net.node(1).progress(4).isLearner()).isFalse();

    net.elect(4);
    assertThat(net.leaders()).containsExactly(4L);
    net.node(4).propose("from-4");
    net.stabilize();
    assertThat(net.node(1).appliedData()).containsExactly("a", "from-4");
  }

  @Test
  void simpleDemotionOfAVoterToLearner() {
    TestNetwork net = net(new long[] {1, 2, 3}, new long[] {});
    net.elect(1);
    net.node(1).proposeConfChange(ConfChangeTest.cc(ConfChangeType.AddLearnerNode, 3));
    net.stabilize();
    assertThat(net.node(1).confState.getVotersList()).containsExactly(1L, 2L);
    assertThat(net.node(1).confState.getLearnersList()).containsExactly(3L);
    assertThat(net.node(3).raft().isLearner).isTrue();
  }

  @Test
  void demotingAVoterInJointGoesThroughLearnersNext() {
    TestNetwork net = net(new long[] {1, 2, 3}, new long[] {});
    net.elect(1);
    net.node(1).proposeConfChange(v2(ConfChangeTransition.Explicit, addLearner(3)));
    net.stabilize();

    for (TestNode n : net.nodes.values()) {
      ConfState cs = n.confState;
      assertThat(cs.getVotersList()).as("node %d", n.id).containsExactly(1L, 2L);
      assertThat(cs.getVotersOutgoingList()).as("node %d", n.id).containsExactly(1L, 2L, 3L);
      assertThat(cs.getLearnersNextList()).as("node %d", n.id).containsExactly(3L);
      assertThat(cs.getLearnersList()).as("node %d", n.id).isEmpty();
    }
    // Still an outgoing voter: it still votes and may still campaign.
    assertThat(net.node(3).raft().isLearner).isFalse();
    assertThat(net.node(3).raft().promotable()).isTrue();

    net.node(1).proposeConfChange(leaveJoint());
    net.stabilize();
    for (TestNode n : net.nodes.values()) {
      ConfState cs = n.confState;
      assertThat(cs.getVotersList()).as("node %d", n.id).containsExactly(1L, 2L);
      assertThat(cs.getVotersOutgoingList()).isEmpty();
      assertThat(cs.getLearnersNextList()).isEmpty();
      assertThat(cs.getLearnersList()).as("node %d", n.id).containsExactly(3L);
    }
    assertThat(net.node(3).raft().isLearner).isTrue();
    assertThat(net.node(1).progress(3).isLearner()).isTrue();

    long term = net.node(1).node.term();
    net.isolate(3);
    net.tick(3, 60);
    assertThat(net.node(3).node.term()).isEqualTo(term);
    net.reconnect(3);
    net.node(1).propose("still-replicated");
    net.stabilize();
    assertThat(net.node(3).appliedData()).containsExactly("still-replicated");
  }
}
