package io.kiln.raft;

import static io.kiln.raft.Fixtures.appendResponse;
import static io.kiln.raft.Fixtures.drain;
import static io.kiln.raft.Fixtures.freshNode;
import static io.kiln.raft.Fixtures.ids;
import static io.kiln.raft.Fixtures.storage;
import static io.kiln.raft.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raft §5.4.2 (figure 8) and when a leader may count its own log toward a commit. */
class CommitRulesTest {

  /**
   * Figure 8 (a)-(c) on five nodes. (a) 1 leads term 1 and puts entry 2 "a" only on 2. (b) 5 wins
   * term 2 with 3 and 4, appends entry 2 of term 2 locally, and is cut off. (c) 1 wins term 3 and
   * replicates its entry 2 (term 1) to 2, 3 and 4 but not yet its own entry 3: four of five nodes
   * hold entry 2.
   */
  private static TestNetwork figure8c() {
    TestNetwork net = TestNetwork.of(5, b -> b.maxSizePerMsg(1)); // one entry per message
    net.elect(1);
    // (a)
    net.cut(1, 3);
    net.cut(1, 4);
    net.cut(1, 5);
    net.node(1).propose("a");
    net.stabilize();
    assertThat(net.node(2).node.lastIndex()).isEqualTo(2);
    // (b)
    net.heal();
    net.isolate(1);
    net.dropIf(m -> m.getFrom() == 5 && m.getMsgType() == MessageType.MsgAppend);
    net.elect(5);
    assertThat(net.node(5).node.isLeader()).isTrue();
    assertThat(net.node(5).node.term()).isEqualTo(2);
    assertThat(terms(net.node(5))).containsExactly(1L, 2L);
    // (c)
    net.heal();
    net.isolate(5);
    // Entry 3 may go only where it will be rejected (to a node without entry 2), which makes the
    // leader back up and send entry 2 alone.
    net.dropIf(m -> m.getFrom() == 1 && m.getMsgType() == MessageType.MsgAppend
        && m.getEntriesList().stream().anyMatch(e -> e.getIndex() >= 3)
        && net.node(m.getTo()).raft().raftLog.matchTerm(2, 1));
    net.node(1).restart(); // 1 crashed in (b) and comes back as a follower of term 1
    electUntilLeader(net, 1); // term 2 fails: 3 and 4 voted for 5 in it
    assertThat(net.node(1).node.isLeader()).isTrue();
    assertThat(net.node(1).node.term()).isEqualTo(3);
    for (long id = 1; id <= 4; id++) {
      assertThat(net.node(id).raft().raftLog.term(2)).as("node %d holds entry 2 of term 1", id).isEqualTo(1);
    }
    return net;
  }

  private static void electUntilLeader(TestNetwork net, long id) {
    for (int i = 0; i < 5 && !net.node(id).node.isLeader(); i++) {
      net.elect(id);
    }
  }

  @Test
  void figure8LeaderDoesNotCommitAnOlderTermEntryByCountingReplicas() {
    TestNetwork net = figure8c();
    TestNode l = net.node(1);
    assertThat(l.raft().prs.committed()).as("a quorum has index 2").isEqualTo(2);
    assertThat(l.node.commitIndex()).as("but it is of term 1, not the leader's term 3").isEqualTo(1);
    net.tick(1, 3);
    assertThat(l.node.commitIndex()).isEqualTo(1);
    for (TestNode n : net.nodes.values()) {
      assertThat(n.appliedData()).as("node %d", n.id).isEmpty();
    }
  }

  @Test
  void figure8UncommittedOldEntryMayBeOverwrittenSafely() {
    // (d) 1 is cut off; 5 (last term 2) wins with 2, 3, 4 and overwrites entry 2 everywhere.
    TestNetwork net = figure8c();
    net.heal();
    net.isolate(1);
    net.node(5).restart(); // 5 crashed in (b); it comes back as a follower of term 2
    net.elect(5); // term 3: 2, 3 and 4 already voted for 1 in it
    assertThat(net.node(5).node.isLeader()).isFalse();
    net.elect(5); // term 4: its last term 2 beats their last term 1
    assertThat(net.node(5).node.isLeader()).isTrue();
    net.node(5).propose("b");
    net.stabilize();
    for (long id = 2; id <= 5; id++) {
      TestNode n = net.node(id);
      assertThat(n.raft().raftLog.term(2)).as("node %d", id).isEqualTo(2);
      assertThat(n.appliedData()).as("node %d: 'a' was never committed", id).containsExactly("b");
    }
    net.heal();
    net.tick(5, 2);
    assertThat(net.node(1).appliedData()).containsExactly("b");
  }

  @Test
  void figure8OldEntryCommitsWithTheFirstEntryOfTheLeadersTerm() {
    // (e) 1 replicates its term-3 entry to a quorum: entry 2 commits along with it.
    TestNetwork net = figure8c();
    net.dropIf(m -> false);
    net.tick(1, 1);
    TestNode l = net.node(1);
    assertThat(l.node.commitIndex()).isEqualTo(3);
    for (long id = 1; id <= 4; id++) {
      assertThat(net.node(id).appliedData()).as("node %d", id).containsExactly("a");
    }
  }

  @Test
  void leaderWithAnOldTermLogCommitsNothingUntilItsOwnEntryIsAcknowledged() {
    TestNode l = Fixtures.node(1, storage(ids(3), 1, 1, 1));
    l.node.campaign();
    drain(l);
    l.node.step(Fixtures.voteResponse(2, 1, 2, false));
    drain(l); // leader of term 2 with entry 3 of its term, persisted
    assertThat(l.node.isLeader()).isTrue();
    l.node.step(appendResponse(2, 1, 2, 2));
    assertThat(l.node.commitIndex()).as("entry 2 is of term 1").isZero();
    l.node.step(appendResponse(2, 1, 2, 3));
    assertThat(l.node.commitIndex()).isEqualTo(3);
  }

  @Test
  void singleNodeCommitsOnlyOnceItsOwnWriteIsDurable() {
    TestNode n = freshNode(1, 1, b -> b);
    n.node.campaign();
    drain(n);
    assertThat(n.node.commitIndex()).isEqualTo(1);
    n.propose("x");
    Ready rd = n.node.ready();
    assertThat(rd.entries()).hasSize(1);
    assertThat(n.node.commitIndex()).as("not durable yet").isEqualTo(1);
    n.storage.append(rd.entries());
    n.node.onPersistReady(rd.number());
    assertThat(n.node.commitIndex()).isEqualTo(2);
    Ready next = n.node.ready();
    assertThat(next.committedEntries()).extracting(e -> e.getData().toStringUtf8()).containsExactly("x");
    assertThat(next.hardState().getCommit()).isEqualTo(2);
  }

  /**
   * A leader may send before its write completes (thesis §10.2.1): followers alone can form the
   * quorum. The entry is committed but not applied on the leader until its own write is durable.
   */
  @Test
  void quorumOfFollowersCommitsBeforeTheLeadersWriteButApplyWaitsForIt() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    TestNode leader = net.node(1);
    TestNode f2 = net.node(2);
    TestNode f3 = net.node(3);
    leader.propose("x");
    Ready rd = leader.node.ready();
    assertThat(rd.entries()).hasSize(1);
    assertThat(rd.messages()).as("appends may go before the leader's write").hasSize(2);

    // Followers write and answer; the leader has not written its entry yet.
    Map<Long, TestNode> byId = new HashMap<>(Map.of(2L, f2, 3L, f3));
    List<Message> toLeader = new ArrayList<>();
    for (Message m : rd.messages()) {
      TestNode f = byId.get(m.getTo());
      f.node.step(m);
      drain(f).stream().filter(r -> r.getTo() == 1).forEach(toLeader::add);
    }
    toLeader.forEach(leader.node::step);
    assertThat(leader.raft().prs.get(1).match()).as("the leader's own entry is not durable").isEqualTo(1);
    assertThat(leader.node.commitIndex()).as("2 and 3 are a quorum").isEqualTo(2);

    Ready rd2 = leader.node.ready();
    assertThat(rd2.committedEntries()).as("not applied before the leader's write").isEmpty();
    leader.storage.append(rd.entries());
    leader.node.onPersistReady(rd.number());
    leader.node.advance(rd2);
    Ready rd3 = leader.node.ready();
    assertThat(rd3.committedEntries()).extracting(Entry::getData).containsExactly(ByteString.copyFromUtf8("x"));
    assertThat(leader.raft().prs.get(1).match()).isEqualTo(2);
  }

  @Test
  void leaderAloneWithoutFollowerAcksDoesNotCommitEvenWhenDurable() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(1);
    net.node(1).propose("x");
    net.stabilize();
    assertThat(net.node(1).raft().prs.get(1).match()).isEqualTo(2);
    assertThat(net.node(1).node.commitIndex()).isEqualTo(1);
  }

  @Test
  void followerCommitsOnlyWhatTheLeaderSaysAndOnlyWhatItHas() {
    TestNode f = Fixtures.node(2, storage(ids(3), 1, 1, 1, 1));
    drain(f);
    // The leader (term 1) says committed = 5 but sends entries up to 3 only.
    f.node.step(Fixtures.msg(MessageType.MsgAppend, 1, 2, 1).setIndex(2).setLogTerm(1)
        .addEntries(Fixtures.entry(3, 1)).setCommit(5).build());
    assertThat(f.node.commitIndex()).isEqualTo(3);
  }

  @Test
  void followerAppliesOnlyEntriesItHasWritten() {
    TestNode f = Fixtures.node(2, storage(ids(3), 1, 1));
    drain(f);
    f.node.step(Fixtures.msg(MessageType.MsgAppend, 1, 2, 1).setIndex(1).setLogTerm(1)
        .addAllEntries(Fixtures.entries(2, 1, 1)).setCommit(3).build());
    assertThat(f.node.commitIndex()).isEqualTo(3);
    Ready rd = f.node.ready();
    assertThat(rd.entries()).hasSize(2);
    assertThat(rd.committedEntries()).extracting(Entry::getIndex).as("only entry 1 is durable").containsExactly(1L);
    assertThat(rd.persistedMessages()).singleElement()
        .satisfies(m -> assertThat(m.getMsgType()).isEqualTo(MessageType.MsgAppendResponse));
    f.storage.append(rd.entries());
    f.node.advance(rd);
    assertThat(f.node.ready().committedEntries()).extracting(Entry::getIndex).containsExactly(2L, 3L);
  }

  @Test
  void leaderCountsItsEntriesAsTheirWritesAreAcknowledgedInOrder() {
    TestNode l = freshNode(1, 3, b -> b);
    l.node.campaign();
    drain(l);
    l.node.step(Fixtures.voteResponse(2, 1, 1, false));
    drain(l);
    l.propose("a");
    Ready rd1 = l.node.ready();
    l.propose("b");
    Ready rd2 = l.node.ready();
    assertThat(rd1.entries()).extracting(Entry::getIndex).containsExactly(2L);
    assertThat(rd2.entries()).extracting(Entry::getIndex).containsExactly(3L);
    assertThat(l.raft().prs.get(1).match()).isEqualTo(1);
    l.storage.append(rd1.entries());
    l.storage.append(rd2.entries());
    l.node.onPersistReady(rd2.number()); // acknowledges rd1 too
    assertThat(l.raft().prs.get(1).match()).isEqualTo(3);
    l.node.step(appendResponse(2, 1, 1, 3));
    assertThat(l.node.commitIndex()).isEqualTo(3);
  }
}
