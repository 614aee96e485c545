package io.kiln.raft;

import static io.kiln.raft.Fixtures.concat;
import static io.kiln.raft.Fixtures.ids;
import static io.kiln.raft.Fixtures.logView;
import static io.kiln.raft.Fixtures.repeat;
import static io.kiln.raft.Fixtures.storage;
import static io.kiln.raft.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raft §5.3, the Log Matching Property and follower repair: the scenarios of the paper's figure 7,
 * and fast backtracking over long conflicting tails.
 */
class LogMatchingTest {

  /** The leader's log of figure 7 (it is the leader of term 8). */
  static final long[] LEADER = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};

  /** Followers (a)-(f) of figure 7. */
  static final long[][] FOLLOWERS = {
      {1, 1, 1, 4, 4, 5, 5, 6, 6},          // (a) missing one entry
      {1, 1, 1, 4},                         // (b) missing many
      {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6},    // (c) one extra uncommitted entry of term 6
      {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}, // (d) extra entries of a later term 7
      {1, 1, 1, 4, 4, 4, 4},                // (e) missing, and extra entries of term 4
      {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3},    // (f) a long tail of terms 2 and 3 the leader never had
  };

  static long max(long[] ts) {
    long m = 0;
    for (long t : ts) {
      m = Math.max(m, t);
    }
    return m;
  }

  /**
   * Node 1 has the leader's log, node 2 the follower's, node 3 a copy of the leader's (so 1 can
   * win even when 2 refuses). 1 is elected (term 9) and proposes one entry.
   */
  static TestNetwork figure7(long[] follower) {
    TestNetwork net = new TestNetwork();
    net.add(1, storage(ids(3), 8, LEADER), b -> b);
    net.add(2, storage(ids(3), max(follower), follower), b -> b);
    net.add(3, storage(ids(3), 8, LEADER), b -> b);
    return net;
  }

  @Test
  void figure7LeaderRepairsEveryFollower() {
    char name = 'a';
    for (long[] follower : FOLLOWERS) {
      TestNetwork net = figure7(follower);
      List<Message> rejections = new ArrayList<>();
      net.observe(m -> {
        if (m.getMsgType() == MessageType.MsgAppendResponse && m.getReject() && m.getFrom() == 2) {
          rejections.add(m);
        }
      });
      net.elect(1);
      assertThat(net.leaders()).as("(%s)", name).containsExactly(1L);
      assertThat(net.node(1).node.term()).isEqualTo(9);
      net.node(1).propose("new");
      net.stabilize();

      List<Long> expected = new ArrayList<>();
      for (long t : LEADER) {
        expected.add(t);
      }
      expected.add(9L); // the new leader's empty entry
      expected.add(9L); // the proposal
      for (TestNode n : net.nodes.values()) {
        assertThat(terms(n)).as("(%s) node %d", name, n.id).isEqualTo(expected);
        assertThat(n.node.commitIndex()).as("(%s) node %d", name, n.id).isEqualTo(12);
        assertThat(n.storage.lastIndex()).as("(%s) node %d: storage truncated too", name, n.id).isEqualTo(12);
      }
      assertThat(logView(net.node(2))).as("(%s) identical logs", name).isEqualTo(logView(net.node(1)));
      assertThat(rejections).as("(%s) fast backtracking: at most two round trips", name).hasSizeLessThanOrEqualTo(2);
      name++;
    }
  }

  @Test
  void longConflictingTailIsRepairedInOneRejection() {
    // Leader: [1] then 50 entries of term 3. Follower: [1] then 100 entries of term 2.
    long[] leader = concat(new long[] {1}, repeat(3, 50));
    long[] follower = concat(new long[] {1}, repeat(2, 100));
    TestNetwork net = new TestNetwork();
    net.add(1, storage(ids(3), 3, leader), b -> b);
    net.add(2, storage(ids(3), 2, follower), b -> b);
    net.add(3, storage(ids(3), 3, leader), b -> b);
    List<Message> rejections = new ArrayList<>();
    List<Message> toFollower = new ArrayList<>();
    net.observe(m -> {
      if (m.getMsgType() == MessageType.MsgAppendResponse && m.getReject() && m.getFrom() == 2) {
        rejections.add(m);
      }
      if (m.getMsgType() == MessageType.MsgAppend && m.getTo() == 2) {
        toFollower.add(m);
      }
    });
    net.elect(1);
    net.stabilize();
    assertThat(rejections).as("naive backtracking would take 50").hasSize(1);
    Message rej = rejections.get(0);
    assertThat(rej.getIndex()).isEqualTo(51);
    assertThat(rej.getRejectHint()).isEqualTo(51);
    assertThat(rej.getLogTerm()).as("the follower's term at the hint").isEqualTo(2);
    // The leader jumps past all its term-3 entries: the next probe is right after index 1.
    assertThat(toFollower.get(1).getIndex()).isEqualTo(1);
    assertThat(logView(net.node(2))).isEqualTo(logView(net.node(1)));
    assertThat(net.node(2).node.lastIndex()).isEqualTo(52);
  }

  @Test
  void shortFollowerIsRepairedInOneRejection() {
    long[] leader = concat(new long[] {1}, repeat(3, 50));
    TestNetwork net = new TestNetwork();
    net.add(1, storage(ids(3), 3, leader), b -> b);
    net.add(2, storage(ids(3), 1, 1), b -> b);
    net.add(3, storage(ids(3), 3, leader), b -> b);
    List<Message> rejections = new ArrayList<>();
    net.observe(m -> {
      if (m.getMsgType() == MessageType.MsgAppendResponse && m.getReject()) {
        rejections.add(m);
      }
    });
    net.elect(1);
    assertThat(rejections).hasSize(1);
    assertThat(rejections.get(0).getRejectHint()).as("the follower's last index").isEqualTo(1);
    assertThat(logView(net.node(2))).isEqualTo(logView(net.node(1)));
  }

  @Test
  void leaderTermIsStampedOnEveryReplicatedEntry() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    net.elect(2);
    net.node(2).propose("b");
    net.stabilize();
    for (TestNode n : net.nodes.values()) {
      assertThat(terms(n)).as("node %d", n.id).containsExactly(1L, 1L, 2L, 2L);
      assertThat(n.appliedData()).containsExactly("a", "b");
    }
  }

  @Test
  void uncommittedEntriesOfADeposedLeaderAreOverwritten() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(1);
    net.node(1).propose("lost1");
    net.node(1).propose("lost2");
    net.stabilize();
    assertThat(net.node(1).node.lastIndex()).isEqualTo(3);
    net.elect(2);
    net.node(2).propose("kept");
    net.stabilize();
    net.heal();
    net.tick(2, 2); // heartbeats reach 1, which steps down and is repaired
    for (TestNode n : net.nodes.values()) {
      assertThat(logView(n)).as("node %d", n.id).isEqualTo(logView(net.node(2)));
      assertThat(n.appliedData()).as("node %d", n.id).containsExactly("kept");
    }
    assertThat(net.node(1).storage.lastIndex()).isEqualTo(3);
    assertThat(terms(net.node(1))).containsExactly(1L, 2L, 2L);
  }
}
