package io.kiln.raft;

import static io.kiln.raft.Fixtures.bytes;
import static io.kiln.raft.Fixtures.logView;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.raft.tracker.Progress;
import io.kiln.raft.tracker.ProgressState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft §5.3 replication: message sizing, and the leader's probe / replicate progress states. */
class LogReplicationTest {

  private static List<Message> record(TestNetwork net, MessageType type, long to) {
    List<Message> out = new ArrayList<>();
    net.observe(m -> {
      if (m.getMsgType() == type && m.getTo() == to) {
        out.add(m);
      }
    });
    return out;
  }

  private static Progress progress(TestNetwork net, long leader, long id) {
    return net.node(leader).raft().prs.get(id);
  }

  @Test
  void catchUpAppendsAreSplitByMaxSizePerMsg() {
    TestNetwork net = TestNetwork.of(3, b -> b.maxSizePerMsg(250));
    net.elect(1);
    net.isolate(3);
    for (int i = 0; i < 10; i++) {
      net.node(1).node.propose(ByteString.EMPTY, bytes(100));
    }
    net.stabilize();
    List<Message> appends = record(net, MessageType.MsgAppend, 3);
    net.heal();
    net.tick(1, 1); // a heartbeat: 3 answers and is brought up to date
    List<Message> withEntries = appends.stream().filter(m -> m.getEntriesCount() > 0).toList();
    long entrySize = withEntries.get(0).getEntries(0).getSerializedSize();
    assertThat(entrySize).as("two entries fit in 250 bytes, three do not").isBetween(84L, 125L);
    assertThat(withEntries).allSatisfy(m -> {
      long size = m.getEntriesList().stream().mapToLong(e -> e.getSerializedSize()).sum();
      assertThat(m.getEntriesCount() == 1 || size <= 250).as("message of %d bytes", size).isTrue();
      assertThat(m.getEntriesCount()).isLessThanOrEqualTo(2);
    });
    assertThat(withEntries.stream().mapToInt(Message::getEntriesCount).sum()).isGreaterThanOrEqualTo(10);
    assertThat(withEntries.size()).isGreaterThanOrEqualTo(5);
    assertThat(logView(net.node(3))).isEqualTo(logView(net.node(1)));
    assertThat(net.node(3).appliedData()).hasSize(10);
  }

  @Test
  void anEntryLargerThanMaxSizePerMsgStillGoesAlone() {
    TestNetwork net = TestNetwork.of(3, b -> b.maxSizePerMsg(10));
    net.elect(1);
    List<Message> appends = record(net, MessageType.MsgAppend, 2);
    net.node(1).node.propose(ByteString.EMPTY, bytes(100));
    net.node(1).node.propose(ByteString.EMPTY, bytes(100));
    net.stabilize();
    assertThat(appends.stream().filter(m -> m.getEntriesCount() > 0))
        .allSatisfy(m -> assertThat(m.getEntriesCount()).isEqualTo(1));
    assertThat(net.node(2).appliedData()).hasSize(2);
  }

  @Test
  void newLeaderProbesOneMessageAtATimeUntilTheFollowerAnswers() {
    TestNetwork net = TestNetwork.of(3);
    net.dropIf(m -> m.getMsgType() == MessageType.MsgAppendResponse && m.getFrom() == 2);
    List<Message> to2 = record(net, MessageType.MsgAppend, 2);
    List<Message> to3 = record(net, MessageType.MsgAppend, 3);
    net.elect(1);
    assertThat(progress(net, 1, 2).state()).isEqualTo(ProgressState.PROBE);
    assertThat(progress(net, 1, 2).isPaused()).as("a probe is out").isTrue();
    assertThat(progress(net, 1, 3).state()).isEqualTo(ProgressState.REPLICATE);
    for (int i = 0; i < 3; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    assertThat(to2).as("only the first probe, nothing while paused").hasSize(1);
    assertThat(to3.size()).isGreaterThanOrEqualTo(4);
    assertThat(net.node(1).node.commitIndex()).as("1 and 3 are a quorum").isEqualTo(4);

    net.heal();
    net.tick(1, 1); // heartbeat response un-pauses, the probe is answered, replication streams
    Progress p2 = progress(net, 1, 2);
    assertThat(p2.state()).isEqualTo(ProgressState.REPLICATE);
    assertThat(p2.match()).isEqualTo(4);
    assertThat(p2.next()).isEqualTo(5);
    assertThat(net.node(2).appliedData()).containsExactly("p0", "p1", "p2");
  }

  @Test
  void replicateStateSendsOptimisticallyWithoutWaitingForAnswers() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    assertThat(progress(net, 1, 2).state()).isEqualTo(ProgressState.REPLICATE);
    net.dropIf(m -> m.getMsgType() == MessageType.MsgAppendResponse && m.getFrom() == 2);
    List<Message> to2 = record(net, MessageType.MsgAppend, 2);
    for (int i = 0; i < 5; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    assertThat(to2.stream().filter(m -> m.getEntriesCount() > 0)).hasSize(5);
    Progress p2 = progress(net, 1, 2);
    assertThat(p2.match()).as("no answers arrived").isEqualTo(1);
    assertThat(p2.next()).as("but next moved on optimistically").isEqualTo(7);
    assertThat(p2.inflights().count()).isEqualTo(5);
  }

  @Test
  void unreachableFollowerFallsBackToProbing() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).node.reportUnreachable(2);
    assertThat(progress(net, 1, 2).state()).isEqualTo(ProgressState.PROBE);
    assertThat(progress(net, 1, 2).next()).isEqualTo(progress(net, 1, 2).match() + 1);
    net.node(1).propose("after");
    net.stabilize();
    assertThat(progress(net, 1, 2).state()).as("an answered probe resumes streaming").isEqualTo(ProgressState.REPLICATE);
    assertThat(net.node(2).appliedData()).containsExactly("after");
  }

  @Test
  void rejectedAppendInReplicateStateRestartsFromMatch() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(2);
    for (int i = 0; i < 3; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    Progress p2 = progress(net, 1, 2);
    assertThat(p2.next()).isEqualTo(5);
    // 2 lost those appends; it rejects the next one (prev index 4) and the leader backs up to match + 1.
    net.heal();
    net.node(1).propose("p3");
    net.stabilize();
    assertThat(p2.state()).isEqualTo(ProgressState.REPLICATE);
    assertThat(p2.match()).isEqualTo(5);
    assertThat(net.node(2).appliedData()).containsExactly("p0", "p1", "p2", "p3");
  }

  @Test
  void heartbeatNeverTellsAFollowerToCommitWhatItDoesNotHave() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.dropIf(m -> m.getMsgType() == MessageType.MsgAppend && m.getTo() == 3);
    net.node(1).propose("a");
    net.stabilize();
    List<Message> hbs = record(net, MessageType.MsgHeartbeat, 3);
    net.tick(1, 1);
    assertThat(net.node(1).node.commitIndex()).isEqualTo(2);
    assertThat(hbs).isNotEmpty().allSatisfy(m -> assertThat(m.getCommit()).isEqualTo(1));
    assertThat(net.node(3).node.commitIndex()).isEqualTo(1);
  }

  @Test
  void learnerOfASingleVoterGroupGetsProposalsWithoutWaitingForAHeartbeat() {
    TestNetwork net = new TestNetwork();
    for (long id = 1; id <= 2; id++) {
      MemoryStorage s = MemoryStorage.withVoters(1);
      s.setConfState(io.kiln.proto.Eraftpb.ConfState.newBuilder().addVoters(1).addLearners(2).build());
      net.add(id, s, b -> b);
    }
    net.elect(1);
    assertThat(net.leaders()).containsExactly(1L);
    net.node(1).propose("x");
    net.stabilize();
    assertThat(net.node(2).appliedData()).containsExactly("x");
    assertThat(net.node(2).node.leaderId()).isEqualTo(1);
  }

  @Test
  void idleFollowerInProbeReturnsToReplicateAtTheNextHeartbeat() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).node.reportUnreachable(2); // a transient transport failure
    assertThat(progress(net, 1, 2).state()).isEqualTo(ProgressState.PROBE);
    net.tick(1, 1); // nothing new to send, but the follower answers the heartbeat
    assertThat(progress(net, 1, 2).state()).isEqualTo(ProgressState.REPLICATE);
    // So a burst of proposals streams to 2 at once instead of one probe per round trip.
    net.dropIf(m -> m.getMsgType() == MessageType.MsgAppendResponse && m.getFrom() == 2);
    List<Message> to2 = record(net, MessageType.MsgAppend, 2);
    for (int i = 0; i < 3; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    assertThat(to2.stream().filter(m -> m.getEntriesCount() > 0)).hasSize(3);
  }
}
