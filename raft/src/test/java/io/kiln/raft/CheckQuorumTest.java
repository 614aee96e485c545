package io.kiln.raft;

import static io.kiln.raft.Fixtures.drain;
import static io.kiln.raft.Fixtures.voteRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CheckQuorum and the leader lease (thesis §6.2, §4.2.3). */
class CheckQuorumTest {

  private static TestNetwork elected(int n) {
    TestNetwork net = TestNetwork.of(n, b -> b.checkQuorum(true));
    net.elect(1);
    assertThat(net.leaders()).containsExactly(1L);
    return net;
  }

  @Test
  void leaderThatStopsHearingFromAQuorumStepsDownWithinTwoElectionTimeouts() {
    TestNetwork net = elected(3);
    net.isolate(1);
    int ticks = 0;
    while (net.node(1).node.isLeader() && ticks < 100) {
      net.tick(1, 1);
      ticks++;
    }
    // The first check may still count the answers heard before the partition; the second cannot.
    assertThat(ticks).isBetween(10 + 1, 2 * 10);
    TestNode old = net.node(1);
    assertThat(old.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(old.node.term()).as("stepping down keeps the term").isEqualTo(1);
    assertThat(old.node.leaderId()).isZero();
    assertThatThrownBy(() -> old.propose("late")).isInstanceOf(RaftException.ProposalDropped.class);
  }

  @Test
  void leaderThatHearsFromAQuorumStaysLeader() {
    TestNetwork net = elected(5);
    net.isolate(4);
    net.isolate(5);
    net.tick(1, 100);
    assertThat(net.node(1).node.isLeader()).isTrue();
    assertThat(net.node(1).node.term()).isEqualTo(1);
  }

  @Test
  void withoutCheckQuorumAnIsolatedLeaderStaysLeader() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(1);
    net.tick(1, 100);
    assertThat(net.node(1).node.isLeader()).isTrue();
  }

  private static List<Message> answers(TestNode n, Message m) {
    n.node.step(m);
    return drain(n);
  }

  @Test
  void followerThatHearsFromTheLeaderIgnoresVoteRequests() {
    TestNetwork net = elected(3);
    TestNode f = net.node(2);
    assertThat(answers(f, voteRequest(MessageType.MsgRequestVote, 3, 2, 5, 9, 1))).isEmpty();
    assertThat(f.node.term()).as("the disruptive term is not adopted").isEqualTo(1);
    assertThat(f.node.leaderId()).isEqualTo(1);
    assertThat(answers(f, voteRequest(MessageType.MsgRequestPreVote, 3, 2, 5, 9, 1))).isEmpty();
    // The leader itself is in its lease too.
    TestNode l = net.node(1);
    assertThat(answers(l, voteRequest(MessageType.MsgRequestVote, 3, 1, 5, 9, 1))).isEmpty();
    assertThat(l.node.isLeader()).isTrue();
  }

  @Test
  void transferCampaignBypassesTheLease() {
    TestNetwork net = elected(3);
    TestNode f = net.node(2);
    Message transfer = voteRequest(MessageType.MsgRequestVote, 3, 2, 2, 1, 1).toBuilder()
        .setContext(Raft.CAMPAIGN_TRANSFER).build();
    List<Message> out = answers(f, transfer);
    assertThat(out).singleElement().satisfies(m -> {
      assertThat(m.getMsgType()).isEqualTo(MessageType.MsgRequestVoteResponse);
      assertThat(m.getReject()).isFalse();
    });
    assertThat(f.node.term()).isEqualTo(2);
    assertThat(f.raft().vote).isEqualTo(3);
  }

  @Test
  void leaderTransferWorksUnderCheckQuorum() {
    TestNetwork net = elected(3);
    net.node(1).node.transferLeader(2);
    net.stabilize();
    assertThat(net.leaders()).containsExactly(2L);
    assertThat(net.node(2).node.term()).isEqualTo(2);
  }

  @Test
  void leaseExpiresOnceTheLeaderIsGoneAndANewLeaderIsElected() {
    TestNetwork net = elected(3);
    net.isolate(1);
    int ticks = 0;
    while (!(net.node(2).node.isLeader() || net.node(3).node.isLeader()) && ticks < 100) {
      net.tickAll(1);
      ticks++;
    }
    assertThat(net.node(2).node.isLeader() || net.node(3).node.isLeader()).isTrue();
    assertThat(ticks).isLessThan(3 * 10);
  }

  @Test
  void stuckCandidateWithAHighTermIsFreedAndTheClusterConverges() {
    TestNetwork net = elected(3);
    net.isolate(3);
    net.node(1).propose("x");
    net.stabilize();
    net.tickAll(60);
    long stuckTerm = net.node(3).node.term();
    assertThat(stuckTerm).isGreaterThan(1);
    assertThat(net.node(1).node.isLeader()).as("1 hears from 2: it keeps leading").isTrue();
    net.heal();
    net.tickAll(60);
    assertThat(net.leaders()).hasSize(1);
    long leader = net.leaders().get(0);
    assertThat(leader).as("3 missed an entry, it cannot win").isNotEqualTo(3L);
    long term = net.node(leader).node.term();
    assertThat(term).as("the stuck term is absorbed").isGreaterThanOrEqualTo(stuckTerm);
    for (TestNode n : net.nodes.values()) {
      assertThat(n.node.term()).as("node %d", n.id).isEqualTo(term);
      assertThat(n.appliedData()).as("node %d", n.id).containsExactly("x");
    }
  }
}
