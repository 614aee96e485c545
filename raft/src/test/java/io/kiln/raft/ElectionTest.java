package io.kiln.raft;

import static io.kiln.raft.Fixtures.appendResponse;
import static io.kiln.raft.Fixtures.drain;
import static io.kiln.raft.Fixtures.freshNode;
import static io.kiln.raft.Fixtures.ids;
import static io.kiln.raft.Fixtures.msg;
import static io.kiln.raft.Fixtures.ofType;
import static io.kiln.raft.Fixtures.storage;
import static io.kiln.raft.Fixtures.voteRequest;
import static io.kiln.raft.Fixtures.voteResponse;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Raft §5.2: leader election, the role transitions, terms, and the election timer. */
class ElectionTest {

  @Test
  void nodesStartAsFollowersWithoutALeader() {
    TestNetwork net = TestNetwork.of(3);
    for (TestNode n : net.nodes.values()) {
      assertThat(n.raft().state).isEqualTo(StateRole.FOLLOWER);
      assertThat(n.node.term()).isZero();
      assertThat(n.node.leaderId()).isZero();
    }
  }

  /** The timeout is drawn again at every role change; all draws fall in [et, 2et). */
  private static List<Integer> timeouts(long seed, int electionTick, int draws) {
    TestNode n = freshNode(1, 3, b -> b.electionTick(electionTick).random(new Random(seed)));
    List<Integer> out = new ArrayList<>();
    out.add(n.raft().randomizedElectionTimeout);
    for (int i = 1; i < draws; i++) {
      n.raft().becomeFollower(n.raft().term, Raft.NONE);
      out.add(n.raft().randomizedElectionTimeout);
    }
    return out;
  }

  @Test
  void electionTimeoutIsRandomInOneToTwoElectionTicks() {
    TreeSet<Integer> seen = new TreeSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      for (int t : timeouts(seed, 10, 50)) {
        assertThat(t).isBetween(10, 19);
        seen.add(t);
      }
    }
    // Over 1000 draws every value of the range shows up: the timeout really is spread.
    assertThat(seen).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
  }

  @Test
  void sameSeedGivesSameTimeoutsAndAnotherSeedDiffers() {
    assertThat(timeouts(42, 10, 30)).isEqualTo(timeouts(42, 10, 30));
    assertThat(timeouts(42, 10, 30)).isNotEqualTo(timeouts(43, 10, 30));
  }

  @Test
  void sameSeedsGiveTheSameElection() {
    List<String> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      TestNetwork net = TestNetwork.of(5);
      int ticks = 0;
      while (net.leaders().isEmpty()) {
        net.tickAll(1);
        ticks++;
      }
      runs.add("leader=" + net.leaders() + " term=" + net.node(net.leaders().get(0)).node.term() + " ticks=" + ticks);
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1));
  }

  @Test
  void followerCampaignsExactlyWhenItsRandomizedTimeoutElapses() {
    TestNode n = freshNode(1, 3, b -> b);
    int timeout = n.raft().randomizedElectionTimeout;
    for (int i = 0; i < timeout - 1; i++) {
      n.node.tick();
    }
    assertThat(n.raft().state).isEqualTo(StateRole.FOLLOWER);
    n.node.tick();
    assertThat(n.raft().state).isEqualTo(StateRole.CANDIDATE);
    assertThat(n.node.term()).isEqualTo(1);
  }

  @Test
  void candidateBumpsTermVotesForItselfAndRequestsVotesWithItsLastEntry() {
    TestNode n = Fixtures.node(1, storage(ids(3), 2, 1, 1, 2));
    n.node.campaign();
    Raft r = n.raft();
    assertThat(r.state).isEqualTo(StateRole.CANDIDATE);
    assertThat(r.term).isEqualTo(3);
    assertThat(r.vote).isEqualTo(1);
    List<Message> votes = ofType(drain(n), MessageType.MsgRequestVote);
    assertThat(votes).extracting(Message::getTo).containsExactly(2L, 3L);
    assertThat(votes).allSatisfy(m -> {
      assertThat(m.getTerm()).isEqualTo(3);
      assertThat(m.getIndex()).isEqualTo(3);
      assertThat(m.getLogTerm()).isEqualTo(2);
    });
  }

  @Test
  void candidateWinsWithAQuorumAndAppendsAnEntryOfItsTerm() {
    TestNode n = freshNode(1, 5, b -> b);
    n.node.campaign();
    drain(n);
    n.node.step(voteResponse(2, 1, 1, false));
    assertThat(n.raft().state).as("2 of 5 votes").isEqualTo(StateRole.CANDIDATE);
    n.node.step(voteResponse(3, 1, 1, false));
    assertThat(n.raft().state).as("3 of 5 votes").isEqualTo(StateRole.LEADER);
    assertThat(n.node.leaderId()).isEqualTo(1);
    assertThat(n.node.lastIndex()).isEqualTo(1);
    assertThat(n.raft().raftLog.term(1)).isEqualTo(1);
    List<Message> appends = ofType(drain(n), MessageType.MsgAppend);
    assertThat(appends).extracting(Message::getTo).containsExactly(2L, 3L, 4L, 5L);
  }

  @Test
  void candidateLosesWhenAQuorumRejectsAndIgnoresLateVotes() {
    TestNode n = freshNode(1, 5, b -> b);
    n.node.campaign();
    drain(n);
    n.node.step(voteResponse(2, 1, 1, true));
    n.node.step(voteResponse(3, 1, 1, true));
    assertThat(n.raft().state).isEqualTo(StateRole.CANDIDATE);
    n.node.step(voteResponse(4, 1, 1, true));
    assertThat(n.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(n.node.term()).as("losing keeps the term").isEqualTo(1);
    n.node.step(voteResponse(5, 1, 1, false));
    assertThat(n.raft().state).isEqualTo(StateRole.FOLLOWER);
  }

  @Test
  void splitVoteElectsNobodyUntilTheNextTimeout() {
    TestNetwork net = TestNetwork.of(4);
    // 2 hears only from 1, 4 only from 3: each candidate gets 2 of 4 votes.
    net.cut(1, 4);
    net.cut(3, 2);
    net.node(1).node.campaign();
    net.node(3).node.campaign();
    net.stabilize();
    assertThat(net.leaders()).isEmpty();
    assertThat(net.node(1).raft().state).isEqualTo(StateRole.CANDIDATE);
    assertThat(net.node(3).raft().state).isEqualTo(StateRole.CANDIDATE);
    assertThat(net.node(1).node.term()).isEqualTo(1);
    net.heal();
    int ticks = 0;
    while (net.leaders().isEmpty() && ticks < 100) {
      net.tickAll(1);
      ticks++;
    }
    assertThat(net.leaders()).hasSize(1);
    long leader = net.leaders().get(0);
    assertThat(net.node(leader).node.term()).as("a new election, a new term").isGreaterThanOrEqualTo(2);
    assertThat(ticks).as("within two election timeouts").isLessThan(20);
  }

  @Test
  void candidateFollowsAnAppendFromALeaderOfItsTerm() {
    TestNode n = freshNode(1, 3, b -> b);
    n.node.campaign();
    drain(n);
    n.node.step(msg(MessageType.MsgAppend, 2, 1, 1).setIndex(0).setLogTerm(0).build());
    assertThat(n.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(n.node.leaderId()).isEqualTo(2);
    assertThat(n.node.term()).isEqualTo(1);
  }

  private static TestNetwork electedThree() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    assertThat(net.leaders()).containsExactly(1L);
    return net;
  }

  @Test
  void leaderStepsDownOnAHeartbeatOfAHigherTerm() {
    TestNetwork net = electedThree();
    TestNode l = net.node(1);
    l.node.step(msg(MessageType.MsgHeartbeat, 2, 1, 3).build());
    assertThat(l.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(l.node.term()).isEqualTo(3);
    assertThat(l.node.leaderId()).as("a heartbeat names its leader").isEqualTo(2);
  }

  @Test
  void leaderStepsDownOnAVoteRequestOfAHigherTerm() {
    TestNetwork net = electedThree();
    TestNode l = net.node(1);
    l.node.step(voteRequest(MessageType.MsgRequestVote, 3, 1, 5, 1, 1));
    assertThat(l.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(l.node.term()).isEqualTo(5);
    assertThat(l.node.leaderId()).isZero();
    assertThat(l.raft().vote).as("3's log is as up to date").isEqualTo(3);
  }

  @Test
  void leaderStepsDownOnAResponseOfAHigherTerm() {
    TestNetwork net = electedThree();
    TestNode l = net.node(1);
    l.node.step(appendResponse(2, 1, 4, 0));
    assertThat(l.raft().state).isEqualTo(StateRole.FOLLOWER);
    assertThat(l.node.term()).isEqualTo(4);
  }

  @Test
  void staleTermMessagesAreIgnored() {
    TestNode f = Fixtures.node(1, storage(ids(3), 3, 1, 2));
    drain(f);
    // An append of a deposed leader: log and term unchanged, nothing sent.
    f.node.step(msg(MessageType.MsgAppend, 2, 1, 2).setIndex(2).setLogTerm(2)
        .addEntries(Fixtures.entry(3, 2)).setCommit(3).build());
    assertThat(f.node.lastIndex()).isEqualTo(2);
    assertThat(f.node.commitIndex()).isZero();
    assertThat(f.node.term()).isEqualTo(3);
    assertThat(f.node.leaderId()).isZero();
    assertThat(drain(f)).isEmpty();
    // A vote request of an old term: no vote, no answer.
    f.node.step(voteRequest(MessageType.MsgRequestVote, 2, 1, 2, 9, 2));
    assertThat(f.raft().vote).isZero();
    assertThat(drain(f)).isEmpty();
  }

  @Test
  void staleVoteResponsesDoNotCount() {
    TestNode n = Fixtures.node(1, storage(ids(3), 4));
    n.node.campaign(); // term 5
    drain(n);
    n.node.step(voteResponse(2, 1, 4, false));
    n.node.step(voteResponse(3, 1, 4, false));
    assertThat(n.raft().state).isEqualTo(StateRole.CANDIDATE);
    n.node.step(voteResponse(3, 1, 5, false));
    assertThat(n.raft().state).isEqualTo(StateRole.LEADER);
  }

  @Test
  void leaderDoesNotCampaignAgain() {
    TestNetwork net = electedThree();
    net.elect(1);
    assertThat(net.leaders()).containsExactly(1L);
    assertThat(net.node(1).node.term()).isEqualTo(1);
  }

  @Test
  void electionSafetyAtMostOneLeaderPerTermOnALossyNetwork() {
    for (long seed = 1; seed <= 5; seed++) {
      TestNetwork net = TestNetwork.of(5);
      Random loss = new Random(seed);
      net.dropIf(m -> loss.nextInt(100) < 20);
      Map<Long, Long> leaderOfTerm = new HashMap<>();
      for (int tick = 0; tick < 300; tick++) {
        net.tickAll(1);
        for (TestNode n : net.nodes.values()) {
          if (n.node.isLeader()) {
            Long prev = leaderOfTerm.putIfAbsent(n.node.term(), n.id);
            assertThat(prev == null || prev == n.id)
                .as("seed %d term %d: leaders %s and %d", seed, n.node.term(), prev, n.id).isTrue();
          }
        }
        if (tick % 50 == 49) {
          // Isolate the current leader now and then, to force new elections.
          net.heal();
          net.dropIf(m -> loss.nextInt(100) < 20);
          net.leaders().stream().findFirst().ifPresent(net::isolate);
        }
      }
      assertThat(leaderOfTerm).as("seed %d: elections happened", seed).hasSizeGreaterThan(1);
    }
  }
}
