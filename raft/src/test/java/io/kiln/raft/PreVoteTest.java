package io.kiln.raft;

import static io.kiln.raft.Fixtures.drain;
import static io.kiln.raft.Fixtures.ids;
import static io.kiln.raft.Fixtures.msg;
import static io.kiln.raft.Fixtures.ofType;
import static io.kiln.raft.Fixtures.storage;
import static io.kiln.raft.Fixtures.voteRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pre-vote (thesis §9.6): a pre-election that changes nothing durable and cannot disrupt a leader. */
class PreVoteTest {

  @Test
  void partitionedNodeDoesNotRaiseItsTermAndDoesNotDisruptTheLeaderWhenItRejoins() {
    TestNetwork net = TestNetwork.of(3, b -> b.preVote(true));
    net.elect(1);
    assertThat(net.node(1).node.term()).isEqualTo(1);
    net.isolate(3);
    net.node(1).propose("while 3 was away");
    net.stabilize();
    net.tickAll(100); // 3 times out again and again
    assertThat(net.node(3).node.term()).as("pre-elections never bump the term").isEqualTo(1);
    assertThat(net.node(3).raft().state).isIn(StateRole.PRE_CANDIDATE, StateRole.FOLLOWER);
    assertThat(net.node(3).raft().vote).as("still its vote of term 1").isEqualTo(1);

    net.heal();
    net.tickAll(30);
    assertThat(net.leaders()).containsExactly(1L);
    for (TestNode n : net.nodes.values()) {
      assertThat(n.node.term()).as("node %d", n.id).isEqualTo(1);
      assertThat(n.node.leaderId()).as("node %d", n.id).isEqualTo(1);
    }
    assertThat(net.node(3).appliedData()).containsExactly("while 3 was away");
  }

  @Test
  void withoutPreVoteThePartitionedNodeDisruptsTheLeader() {
    // The contrast case: the rejoining node's higher term deposes the leader.
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(3);
    net.node(1).propose("x");
    net.stabilize();
    net.tickAll(100);
    assertThat(net.node(3).node.term()).isGreaterThan(1);
    net.heal();
    net.tickAll(30);
    assertThat(net.node(1).node.term()).as("the leader's term was pushed up").isGreaterThan(1);
  }

  @Test
  void preCandidateKeepsItsTermAndAsksForTermPlusOne() {
    TestNode n = Fixtures.node(1, storage(ids(3), 4, 1, 4), b -> b.preVote(true));
    drain(n);
    n.node.campaign();
    Raft r = n.raft();
    assertThat(r.state).isEqualTo(StateRole.PRE_CANDIDATE);
    assertThat(r.term).isEqualTo(4);
    assertThat(r.vote).isZero();
    Ready rd = n.node.ready();
    assertThat(rd.hardState()).as("nothing durable changed").isNull();
    List<Message> reqs = ofType(rd.persistedMessages(), MessageType.MsgRequestPreVote);
    assertThat(reqs).hasSize(2).allSatisfy(m -> {
      assertThat(m.getTerm()).isEqualTo(5);
      assertThat(m.getIndex()).isEqualTo(2);
      assertThat(m.getLogTerm()).isEqualTo(4);
    });
  }

  @Test
  void preCandidateBecomesCandidateOnQuorumThenLeader() {
    TestNode n = Fixtures.node(1, storage(ids(3), 4, 1, 4), b -> b.preVote(true));
    drain(n);
    n.node.campaign();
    drain(n);
    n.node.step(msg(MessageType.MsgRequestPreVoteResponse, 2, 1, 5).build());
    assertThat(n.raft().state).isEqualTo(StateRole.CANDIDATE);
    assertThat(n.node.term()).isEqualTo(5);
    assertThat(n.raft().vote).isEqualTo(1);
    List<Message> votes = ofType(drain(n), MessageType.MsgRequestVote);
    assertThat(votes).hasSize(2).allSatisfy(m -> assertThat(m.getTerm()).isEqualTo(5));
    n.node.step(msg(MessageType.MsgRequestVoteResponse, 3, 1, 5).build());
    assertThat(n.raft().state).isEqualTo(StateRole.LEADER);
  }

  @Test
  void preCandidateRejectedByAQuorumFallsBackToFollowerAtItsTerm() {
    TestNode n = Fixtures.node(1, storage(ids(3), 4, 1, 4), b -> b.preVote(true));
    drain(n);
    n.node.campaign();
    drain(n);
    n.node.step(msg(MessageType.MsgRequestPreVoteResponse, 2, 1, 4).setReject(true).build());
    n.node.step(msg(MessageType.MsgRequestPreVoteResponse, 3, 1, 4).setReject(true).build());
    assertThat(n.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(n.node.term()).isEqualTo(4);
  }

  @Test
  void preCandidateRejectedAtAHigherTermAdoptsIt() {
    TestNode n = Fixtures.node(1, storage(ids(3), 4, 1, 4), b -> b.preVote(true));
    drain(n);
    n.node.campaign();
    drain(n);
    n.node.step(msg(MessageType.MsgRequestPreVoteResponse, 2, 1, 7).setReject(true).build());
    assertThat(n.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(n.node.term()).isEqualTo(7);
  }

  @Test
  void preVoteIsGrantedAtTermPlusOneWithoutChangingTheVotersTermOrVote() {
    TestNode v = Fixtures.node(1, storage(ids(3), 2, 1, 2));
    drain(v);
    v.node.tick();
    v.node.tick();
    v.node.step(voteRequest(MessageType.MsgRequestPreVote, 2, 1, 3, 2, 2));
    Ready rd = v.node.ready();
    assertThat(rd.hardState()).as("a pre-vote is not a vote: nothing to persist").isNull();
    assertThat(rd.persistedMessages()).singleElement().satisfies(m -> {
      assertThat(m.getMsgType()).isEqualTo(MessageType.MsgRequestPreVoteResponse);
      assertThat(m.getReject()).isFalse();
      assertThat(m.getTerm()).as("carries the requested term").isEqualTo(3);
    });
    v.node.advance(rd);
    assertThat(v.node.term()).isEqualTo(2);
    assertThat(v.raft().vote).isZero();
    assertThat(v.raft().electionElapsed).as("pre-votes do not reset the timer").isEqualTo(2);
    // Having pre-voted for 2, the voter may still really vote for 3 in term 3.
    v.node.step(voteRequest(MessageType.MsgRequestVote, 3, 1, 3, 2, 2));
    assertThat(ofType(drain(v), MessageType.MsgRequestVoteResponse))
        .singleElement().satisfies(m -> assertThat(m.getReject()).isFalse());
    assertThat(v.raft().vote).isEqualTo(3);
  }

  @Test
  void preVoteRejectedWhenTheCandidateLogIsBehind() {
    TestNode v = Fixtures.node(1, storage(ids(3), 2, 1, 1, 2));
    drain(v);
    v.node.step(voteRequest(MessageType.MsgRequestPreVote, 2, 1, 3, 5, 1)); // longer, lower last term
    List<Message> out = ofType(drain(v), MessageType.MsgRequestPreVoteResponse);
    assertThat(out).singleElement().satisfies(m -> {
      assertThat(m.getReject()).isTrue();
      assertThat(m.getTerm()).as("rejections carry the voter's term").isEqualTo(2);
    });
    assertThat(v.node.term()).isEqualTo(2);
  }

  @Test
  void staleTermPreVoteIsRejectedWithTheNewerTerm() {
    TestNode v = Fixtures.node(1, storage(ids(3), 6, 1));
    drain(v);
    v.node.step(voteRequest(MessageType.MsgRequestPreVote, 2, 1, 4, 9, 1));
    assertThat(ofType(drain(v), MessageType.MsgRequestPreVoteResponse)).singleElement().satisfies(m -> {
      assertThat(m.getReject()).isTrue();
      assertThat(m.getTerm()).isEqualTo(6);
    });
  }

  @Test
  void preVoteElectsALeaderByTimeout() {
    TestNetwork net = TestNetwork.of(5, b -> b.preVote(true));
    net.tickAll(30);
    assertThat(net.leaders()).hasSize(1);
    assertThat(net.node(net.leaders().get(0)).node.term()).isEqualTo(1);
  }
}
