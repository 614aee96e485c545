package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leadership transfer (Raft thesis §3.10). */
class LeaderTransferTest {

  private static TestNetwork electedThree() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    return net;
  }

  @Test
  void transferToUpToDateFollowerSendsTimeoutNowAndItWins() {
    TestNetwork net = electedThree();
    long term = net.node(1).node.term();
    net.clearSent();

    net.node(1).node.transferLeader(2);
    net.stabilize();

    assertThat(net.sent(MessageType.MsgTimeoutNow)).singleElement()
        .satisfies(m -> {
          assertThat(m.getFrom()).isEqualTo(1);
          assertThat(m.getTo()).isEqualTo(2);
        });
    assertThat(net.leaders()).containsExactly(2L);
    assertThat(net.node(2).node.term()).isEqualTo(term + 1);
    for (TestNode n : net.nodes.values()) {
      assertThat(n.node.leaderId()).as("node %d", n.id).isEqualTo(2);
    }
    // The new leader works: it replicates and commits.
    net.node(2).propose("b");
    net.stabilize();
    for (TestNode n : net.nodes.values()) {
      assertThat(n.appliedData()).as("node %d", n.id).containsExactly("a", "b");
    }
  }

  @Test
  void transferRequestedAtFollowerIsForwardedToLeader() {
    TestNetwork net = electedThree();
    net.node(3).node.transferLeader(3);
    net.stabilize();
    assertThat(net.leaders()).containsExactly(3L);
  }

  @Test
  void transferToLaggingFollowerCatchesItUpFirst() {
    TestNetwork net = electedThree();
    net.isolate(3);
    for (int i = 0; i < 5; i++) {
      net.node(1).propose("x" + i);
    }
    net.stabilize();
    assertThat(net.node(3).node.lastIndex()).isLessThan(net.node(1).node.lastIndex());
    net.reconnect(3);
    net.clearSent();

    // Record how far node 3's log is when the leader tells it to campaign.
    List<Long> lastIndexAtTimeoutNow = new ArrayList<>();
    long leaderLast = net.node(1).node.lastIndex();
    net.dropIf(m -> {
      if (m.getMsgType() == MessageType.MsgTimeoutNow) {
        lastIndexAtTimeoutNow.add(net.node(3).node.lastIndex());
      }
      return false;
    });

    net.node(1).node.transferLeader(3);
    assertThat(net.node(1).status().leadTransferee()).isEqualTo(3);
    net.stabilize();

    List<Message> sent = net.sentLog;
    int firstAppendTo3 = indexOf(sent, m -> m.getMsgType() == MessageType.MsgAppend && m.getTo() == 3
        && m.getEntriesCount() > 0);
    int timeoutNow = indexOf(sent, m -> m.getMsgType() == MessageType.MsgTimeoutNow);
    assertThat(firstAppendTo3).isGreaterThanOrEqualTo(0);
    assertThat(timeoutNow).isGreaterThan(firstAppendTo3);
    assertThat(lastIndexAtTimeoutNow).containsExactly(leaderLast);
    assertThat(net.leaders()).containsExactly(3L);
    net.stabilize();
    assertThat(net.node(3).appliedData()).containsExactly("a", "x0", "x1", "x2", "x3", "x4");
  }

  @Test
  void proposalsAreDroppedWhileTransferring() {
    TestNetwork net = electedThree();
    net.isolate(3); // the transfer cannot finish
    net.node(1).node.transferLeader(3);
    net.stabilize();
    assertThat(net.node(1).node.isLeader()).isTrue();
    assertThat(net.node(1).status().leadTransferee()).isEqualTo(3);

    assertThatThrownBy(() -> net.node(1).propose("during"))
        .isInstanceOf(RaftException.ProposalDropped.class);
    // A follower forwarding a proposal to it gets nothing appended either.
    long last = net.node(1).node.lastIndex();
    net.node(2).propose("forwarded");
    net.stabilize();
    assertThat(net.node(1).node.lastIndex()).isEqualTo(last);
  }

  @Test
  void transferIsAbortedAfterAnElectionTimeout() {
    TestNetwork net = electedThree();
    net.isolate(3);
    net.node(1).node.transferLeader(3);
    net.stabilize();

    net.tick(1, 9); // electionTick is 10
    assertThat(net.node(1).status().leadTransferee()).isEqualTo(3);
    net.tick(1, 1);
    assertThat(net.node(1).status().leadTransferee()).isZero();
    assertThat(net.node(1).node.isLeader()).isTrue();

    net.node(1).propose("after-abort");
    net.stabilize();
    assertThat(net.node(2).appliedData()).containsExactly("a", "after-abort");
  }

  @Test
  void transferToSelfIsIgnored() {
    TestNetwork net = electedThree();
    long term = net.node(1).node.term();
    net.clearSent();
    net.node(1).node.transferLeader(1);
    net.stabilize();
    assertThat(net.node(1).status().leadTransferee()).isZero();
    assertThat(net.sent(MessageType.MsgTimeoutNow)).isEmpty();
    assertThat(net.leaders()).containsExactly(1L);
    assertThat(net.node(1).node.term()).isEqualTo(term);
    net.node(1).propose("still-accepting");
    net.stabilize();
    assertThat(net.node(3).appliedData()).containsExactly("a", "still-accepting");
  }

  @Test
  void transferToLearnerIsIgnored() {
    TestNetwork net = TestNetwork.withMembers(new long[] {1, 2, 3}, new long[] {4}, b -> b);
    net.elect(1);
    net.clearSent();
    net.node(1).node.transferLeader(4);
    net.stabilize();
    assertThat(net.node(1).status().leadTransferee()).isZero();
    assertThat(net.sent(MessageType.MsgTimeoutNow)).isEmpty();
    assertThat(net.leaders()).containsExactly(1L);
  }

  @Test
  void transferToUnknownNodeIsIgnored() {
    TestNetwork net = electedThree();
    net.clearSent();
    net.node(1).node.transferLeader(9);
    net.stabilize();
    assertThat(net.node(1).status().leadTransferee()).isZero();
    assertThat(net.sent(MessageType.MsgTimeoutNow)).isEmpty();
    net.node(1).propose("ok");
    net.stabilize();
    assertThat(net.node(2).appliedData()).containsExactly("a", "ok");
  }

  @Test
  void secondTransferToAnotherNodeReplacesTheFirst() {
    TestNetwork net = electedThree();
    net.isolate(3);
    net.node(1).node.transferLeader(3);
    net.stabilize();
    assertThat(net.node(1).status().leadTransferee()).isEqualTo(3);

    net.node(1).node.transferLeader(2);
    net.stabilize();
    assertThat(net.leaders()).containsExactly(2L);
    assertThat(net.node(1).status().leadTransferee()).isZero();
  }

  @Test
  void repeatedTransferToSameNodeKeepsTheOriginalDeadline() {
    TestNetwork net = electedThree();
    net.isolate(3);
    net.node(1).node.transferLeader(3);
    net.stabilize();
    net.tick(1, 5);
    net.node(1).node.transferLeader(3); // already under way: no reset of the timeout
    net.tick(1, 5);
    assertThat(net.node(1).status().leadTransferee()).isZero();
  }

  @Test
  void transferWorksWithCheckQuorumAndPreVote() {
    TestNetwork net = TestNetwork.of(3, b -> b.checkQuorum(true).preVote(true));
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    net.tick(1, 3); // followers are within their leader lease
    net.node(1).node.transferLeader(3);
    net.stabilize();
    assertThat(net.leaders()).containsExactly(3L);
  }

  @Test
  void transferIsAbortedWhenTheTransfereeIsRemoved() {
    TestNetwork net = electedThree();
    net.isolate(3);
    net.node(1).proposeConfChange(ConfChangeTest.removeNode(3)); // in flight
    net.node(1).node.transferLeader(3);
    assertThat(net.node(1).status().leadTransferee()).isEqualTo(3);
    net.stabilize(); // the removal commits and applies
    assertThat(net.node(1).confState.getVotersList()).containsExactly(1L, 2L);
    assertThat(net.node(1).status().leadTransferee()).isZero();
    net.node(1).propose("after");
    net.stabilize();
    assertThat(net.node(2).appliedData()).containsExactly("a", "after");
  }

  @Test
  void transferToFollowerThatNeedsASnapshot() {
    TestNetwork net = electedThree();
    net.isolate(3);
    for (int i = 0; i < 5; i++) {
      net.node(1).propose("s" + i);
    }
    net.stabilize();
    TestNode l = net.node(1);
    long snap = l.node.appliedIndex();
    l.storage.createSnapshot(snap, l.confState, com.google.protobuf.ByteString.EMPTY);
    l.storage.compact(snap);
    l.propose("t");
    net.stabilize();
    net.reconnect(3);
    net.tick(1, 1); // node 3 answers a heartbeat, so the leader may spend a snapshot on it
    net.node(1).node.transferLeader(3);
    net.stabilize();
    assertThat(net.node(3).snapshots).hasSize(1);
    assertThat(net.leaders()).containsExactly(3L);
    assertThat(net.node(3).appliedData()).containsExactly("t");
  }

  @Test
  void transferIsAbortedWhenTheLeaderStepsDown() {
    TestNetwork net = electedThree();
    net.isolate(3);
    net.node(1).node.transferLeader(3);
    assertThat(net.node(1).status().leadTransferee()).isEqualTo(3);
    net.node(2).node.campaign(); // a higher term deposes node 1 before the transfer finishes
    net.stabilize();
    assertThat(net.leaders()).containsExactly(2L);
    assertThat(net.node(1).status().leadTransferee()).isZero();
    // Node 1 is a plain follower again: it forwards proposals instead of dropping them.
    net.node(1).propose("via-1");
    net.stabilize();
    assertThat(net.node(2).appliedData()).containsExactly("a", "via-1");
  }

  private static int indexOf(List<Message> ms, java.util.function.Predicate<Message> p) {
    for (int i = 0; i < ms.size(); i++) {
      if (p.test(ms.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
