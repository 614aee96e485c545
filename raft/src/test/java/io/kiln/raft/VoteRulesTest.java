package io.kiln.raft;

import static io.kiln.raft.Fixtures.drain;
import static io.kiln.raft.Fixtures.ids;
import static io.kiln.raft.Fixtures.ofType;
import static io.kiln.raft.Fixtures.storage;
import static io.kiln.raft.Fixtures.voteRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft §5.2 (one vote per term), §5.4.1 (vote only for an up-to-date log), and vote durability. */
class VoteRulesTest {

  private static Message vote(long from, long term, long lastIndex, long lastTerm) {
    return voteRequest(MessageType.MsgRequestVote, from, 1, term, lastIndex, lastTerm);
  }

  /** Steps {@code m} into {@code n} and returns the single vote response it sends. */
  private static Message answer(TestNode n, Message m) {
    n.node.step(m);
    List<Message> out = ofType(drain(n), MessageType.MsgRequestVoteResponse);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  @Test
  void oneVotePerTerm() {
    TestNode n = Fixtures.node(1, storage(ids(3), 1, 1));
    drain(n);
    assertThat(answer(n, vote(2, 2, 1, 1)).getReject()).isFalse();
    assertThat(n.raft().vote).isEqualTo(2);
    Message second = answer(n, vote(3, 2, 1, 1));
    assertThat(second.getReject()).as("already voted for 2 in term 2").isTrue();
    assertThat(second.getTerm()).isEqualTo(2);
    assertThat(n.raft().vote).isEqualTo(2);
    assertThat(answer(n, vote(2, 2, 1, 1)).getReject()).as("a retried request of the same candidate").isFalse();
    // A new term is a new ballot.
    assertThat(answer(n, vote(3, 3, 1, 1)).getReject()).isFalse();
    assertThat(n.raft().vote).isEqualTo(3);
  }

  @Test
  void followerOfAKnownLeaderDoesNotVoteInItsTerm() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    TestNode f = net.node(2);
    Message resp = answer(f, voteRequest(MessageType.MsgRequestVote, 3, 2, 1, 5, 1));
    assertThat(resp.getReject()).isTrue();
    assertThat(f.node.leaderId()).isEqualTo(1);
  }

  /** Voter's log: terms [1, 1, 2], so last index 3 and last term 2 (§5.4.1). */
  @Test
  void votesOnlyForALogAtLeastAsUpToDate() {
    record Case(long lastIndex, long lastTerm, boolean granted, String why) {}
    List<Case> cases = List.of(
        new Case(3, 2, true, "same last entry"),
        new Case(4, 2, true, "same last term, longer"),
        new Case(2, 2, false, "same last term, shorter"),
        new Case(10, 1, false, "longer but lower last term"),
        new Case(1, 3, true, "shorter but higher last term"),
        new Case(0, 0, false, "empty log"));
    for (Case c : cases) {
      TestNode n = Fixtures.node(1, storage(ids(3), 2, 1, 1, 2));
      drain(n);
      Message resp = answer(n, vote(2, 3, c.lastIndex, c.lastTerm));
      assertThat(resp.getReject()).as(c.why).isEqualTo(!c.granted);
      assertThat(n.node.term()).as("%s: the request's term is adopted either way", c.why).isEqualTo(3);
      assertThat(n.raft().vote).as(c.why).isEqualTo(c.granted ? 2 : 0);
    }
  }

  @Test
  void grantedVoteIsInTheHardStateAndTheResponseWaitsForPersistence() {
    TestNode n = Fixtures.node(1, storage(ids(3), 1, 1));
    drain(n);
    n.node.step(vote(2, 2, 1, 1));
    Ready rd = n.node.ready();
    assertThat(rd.hardState()).isNotNull();
    assertThat(rd.hardState().getTerm()).isEqualTo(2);
    assertThat(rd.hardState().getVote()).isEqualTo(2);
    assertThat(rd.mustSync()).isTrue();
    assertThat(rd.messages()).as("a vote must not outrun its write").isEmpty();
    assertThat(rd.persistedMessages()).singleElement().satisfies(m -> {
      assertThat(m.getMsgType()).isEqualTo(MessageType.MsgRequestVoteResponse);
      assertThat(m.getReject()).isFalse();
    });
    n.storage.setHardState(rd.hardState());
    n.node.advance(rd);
    assertThat(n.storage.hardState().getVote()).isEqualTo(2);
  }

  @Test
  void candidateVoteForItselfIsPersistedBeforeItsRequestsGoOut() {
    TestNode n = Fixtures.node(1, storage(ids(3), 1, 1));
    drain(n);
    n.node.campaign();
    Ready rd = n.node.ready();
    assertThat(rd.hardState().getTerm()).isEqualTo(2);
    assertThat(rd.hardState().getVote()).isEqualTo(1);
    assertThat(rd.mustSync()).isTrue();
    assertThat(rd.messages()).isEmpty();
    assertThat(rd.persistedMessages()).extracting(Message::getMsgType)
        .containsOnly(MessageType.MsgRequestVote).hasSize(2);
  }

  @Test
  void voteSurvivesARestart() {
    TestNode n = Fixtures.node(1, storage(ids(3), 1, 1));
    drain(n);
    assertThat(answer(n, vote(2, 2, 1, 1)).getReject()).isFalse();
    n.restart();
    assertThat(n.node.term()).isEqualTo(2);
    assertThat(n.raft().vote).isEqualTo(2);
    assertThat(answer(n, vote(3, 2, 1, 1)).getReject()).as("no second vote in term 2 after a crash").isTrue();
  }

  @Test
  void grantingAVoteResetsTheElectionTimer() {
    TestNode n = Fixtures.node(1, storage(ids(3), 1, 1));
    drain(n);
    for (int i = 0; i < 5; i++) {
      n.node.tick();
    }
    assertThat(n.raft().electionElapsed).isEqualTo(5);
    answer(n, vote(2, 2, 1, 1));
    assertThat(n.raft().electionElapsed).isZero();
  }

  @Test
  void aLeaderIsElectedOnlyWithTheCommittedEntries() {
    // 1 and 2 have the committed entry 2 (term 1); 3 missed it. 3 cannot win: 1 and 2 refuse.
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(3);
    net.node(1).propose("committed");
    net.stabilize();
    assertThat(net.node(1).node.commitIndex()).isEqualTo(2);
    net.heal();
    net.isolate(1);
    net.elect(3);
    assertThat(net.node(3).raft().state).isNotEqualTo(StateRole.LEADER);
    net.elect(2);
    assertThat(net.leaders()).contains(2L);
    net.heal();
    net.tickAll(3);
    for (TestNode n : net.nodes.values()) {
      assertThat(n.appliedData()).as("node %d", n.id).containsExactly("committed");
    }
  }
}
