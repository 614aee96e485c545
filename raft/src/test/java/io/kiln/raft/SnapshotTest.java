package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.proto.Eraftpb.SnapshotMetadata;
import io.kiln.raft.tracker.ProgressState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Log compaction and snapshot transfer (Raft §7), including the transport's status reports. */
class SnapshotTest {

  /**
   * Three nodes; node 3 is cut off after "a".."e"; "f".."j" commit without it; the leader then
   * snapshots at its applied index and compacts; "k" and "l" come after the snapshot. Node 3 is
   * still isolated on return.
   */
  private static final class Setup {
    final TestNetwork net = TestNetwork.of(3);
    final TestNode leader;
    final long snapIndex;

    Setup() {
      net.elect(1);
      leader = net.node(1);
      for (String s : List.of("a", "b", "c", "d", "e")) {
        leader.propose(s);
      }
      net.stabilize();
      net.isolate(3);
      for (String s : List.of("f", "g", "h", "i", "j")) {
        leader.propose(s);
      }
      net.stabilize();
      snapIndex = leader.node.appliedIndex();
      leader.storage.createSnapshot(snapIndex, leader.confState, ByteString.copyFromUtf8("image@" + snapIndex));
      leader.storage.compact(snapIndex);
      leader.propose("k");
      leader.propose("l");
      net.stabilize();
      assertThat(leader.storage.firstIndex()).isEqualTo(snapIndex + 1);
      assertThat(net.node(3).node.lastIndex()).isLessThan(snapIndex);
    }

    void assertNode3CaughtUpThroughSnapshot() {
      TestNode n3 = net.node(3);
      assertThat(n3.snapshots).singleElement().satisfies(s -> {
        assertThat(s.getMetadata().getIndex()).isEqualTo(snapIndex);
        assertThat(s.getData().toStringUtf8()).isEqualTo("image@" + snapIndex);
        assertThat(s.getMetadata().getConfState().getVotersList()).containsExactly(1L, 2L, 3L);
      });
      assertThat(n3.storage.firstIndex()).isEqualTo(snapIndex + 1);
      assertThat(n3.appliedData()).as("entries after the snapshot").containsExactly("k", "l");
      assertThat(n3.node.commitIndex()).isEqualTo(leader.node.commitIndex());
      assertThat(n3.node.appliedIndex()).isEqualTo(leader.node.commitIndex());
      assertThat(leader.progress(3).state()).isEqualTo(ProgressState.REPLICATE);
      assertThat(leader.progress(3).match()).isEqualTo(leader.node.lastIndex());
      // The applied state continues from the snapshot.
      leader.propose("m");
      net.stabilize();
      assertThat(n3.appliedData()).containsExactly("k", "l", "m");
    }
  }

  @Test
  void followerBehindTheCompactedLogGetsASnapshotThenTheEntriesAfter() {
    Setup s = new Setup();
    s.net.clearSent();
    s.net.reconnect(3);
    s.net.tick(1, 1);
    assertThat(s.net.sent(MessageType.MsgSnapshot)).singleElement()
        .satisfies(m -> assertThat(m.getTo()).isEqualTo(3));
    s.assertNode3CaughtUpThroughSnapshot();
  }

  @Test
  void snapshotTemporarilyUnavailableIsRetriedOnceAvailable() {
    Setup s = new Setup();
    s.leader.storage.setSnapshotUnavailable(true);
    s.net.clearSent();
    s.net.reconnect(3);
    s.net.tick(1, 3);
    assertThat(s.net.sent(MessageType.MsgSnapshot)).isEmpty();
    assertThat(s.leader.progress(3).state()).isNotEqualTo(ProgressState.SNAPSHOT);
    assertThat(s.net.node(3).snapshots).isEmpty();

    s.leader.storage.setSnapshotUnavailable(false);
    s.net.tick(1, 1); // the next heartbeat response retries
    assertThat(s.net.sent(MessageType.MsgSnapshot)).hasSize(1);
    s.assertNode3CaughtUpThroughSnapshot();
  }

  @Test
  void reportSnapshotFailureMakesTheLeaderProbeAndResend() {
    Setup s = new Setup();
    AtomicInteger snapshotsSeen = new AtomicInteger();
    s.net.dropIf(m -> m.getMsgType() == MessageType.MsgSnapshot && snapshotsSeen.incrementAndGet() == 1);
    s.net.clearSent();
    s.net.reconnect(3);
    s.net.tick(1, 1);
    assertThat(s.leader.progress(3).state()).isEqualTo(ProgressState.SNAPSHOT);
    assertThat(s.leader.progress(3).pendingSnapshot()).isEqualTo(s.snapIndex);
    s.net.tick(1, 3);
    assertThat(s.net.sent(MessageType.MsgSnapshot)).as("paused while the snapshot is out").hasSize(1);

    s.leader.node.reportSnapshot(3, SnapshotStatus.FAILURE);
    assertThat(s.leader.progress(3).state()).isEqualTo(ProgressState.PROBE);
    assertThat(s.leader.progress(3).pendingSnapshot()).isZero();
    s.net.tick(1, 1);
    assertThat(s.net.sent(MessageType.MsgSnapshot)).hasSize(2);
    s.assertNode3CaughtUpThroughSnapshot();
  }

  @Test
  void reportSnapshotFinishMovesToProbeAfterTheSnapshot() {
    Setup s = new Setup();
    // The snapshot lands but the follower's acknowledgement is lost.
    s.net.dropIf(m -> m.getMsgType() == MessageType.MsgAppendResponse && m.getFrom() == 3 && !m.getReject());
    s.net.reconnect(3);
    s.net.tick(1, 1);
    assertThat(s.net.node(3).snapshots).hasSize(1);
    assertThat(s.leader.progress(3).state()).isEqualTo(ProgressState.SNAPSHOT);
    s.net.dropIf(m -> false);

    s.leader.node.reportSnapshot(3, SnapshotStatus.FINISH);
    assertThat(s.leader.progress(3).state()).isEqualTo(ProgressState.PROBE);
    assertThat(s.leader.progress(3).next()).isEqualTo(s.snapIndex + 1);
    s.net.clearSent();
    s.net.tick(1, 1);
    assertThat(s.net.sent(MessageType.MsgSnapshot)).as("no second snapshot").isEmpty();
    s.assertNode3CaughtUpThroughSnapshot();
  }

  @Test
  void reportUnreachableMakesAReplicatingProgressProbe() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    assertThat(net.node(1).progress(2).state()).isEqualTo(ProgressState.REPLICATE);

    net.node(1).node.reportUnreachable(2);
    assertThat(net.node(1).progress(2).state()).isEqualTo(ProgressState.PROBE);
    net.node(1).propose("b");
    net.stabilize();
    assertThat(net.node(1).progress(2).state()).isEqualTo(ProgressState.REPLICATE);
    assertThat(net.node(2).appliedData()).containsExactly("a", "b");
  }

  @Test
  void staleSnapshotIsIgnored() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    for (String s : List.of("a", "b", "c", "d")) {
      net.node(1).propose(s);
    }
    net.stabilize();
    TestNode f = net.node(2);
    long committed = f.node.commitIndex();
    long first = f.raft().raftLog.firstIndex();
    long last = f.node.lastIndex();
    long staleIndex = committed - 2;
    Snapshot stale = Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder()
        .setIndex(staleIndex).setTerm(f.raft().raftLog.termOrZero(staleIndex))
        .setConfState(f.confState)).build();

    f.node.step(Message.newBuilder().setMsgType(MessageType.MsgSnapshot).setFrom(1).setTo(2)
        .setTerm(f.node.term()).setSnapshot(stale).build());

    Ready rd = f.node.ready();
    assertThat(rd.snapshot()).isNull();
    assertThat(rd.persistedMessages()).singleElement().satisfies(m -> {
      assertThat(m.getMsgType()).isEqualTo(MessageType.MsgAppendResponse);
      assertThat(m.getIndex()).isEqualTo(committed);
      assertThat(m.getReject()).isFalse();
    });
    f.node.advance(rd);
    assertThat(f.raft().raftLog.firstIndex()).isEqualTo(first);
    assertThat(f.node.lastIndex()).isEqualTo(last);
    assertThat(f.node.commitIndex()).isEqualTo(committed);
  }

  @Test
  void snapshotWhoseLastEntryTheFollowerHasOnlyAdvancesCommit() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    TestNode f = net.node(2);
    // Node 2 gets the entries but not the later message that tells it they are committed.
    List<Message> to2 = new ArrayList<>();
    net.dropIf(m -> m.getTo() == 2 && to2.add(m));
    net.node(1).propose("b");
    net.node(1).propose("c");
    net.stabilize();
    to2.stream().filter(m -> m.getMsgType() == MessageType.MsgAppend && m.getEntriesCount() > 0)
        .forEach(f.node::step);
    f.handleReady(m -> { });
    long last = f.node.lastIndex();
    long lagging = f.node.commitIndex();
    assertThat(last).isEqualTo(net.node(1).node.lastIndex());
    assertThat(lagging).isLessThan(last);

    Snapshot s = Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder()
        .setIndex(last).setTerm(f.raft().raftLog.termOrZero(last)).setConfState(f.confState)).build();
    f.node.step(Message.newBuilder().setMsgType(MessageType.MsgSnapshot).setFrom(1).setTo(2)
        .setTerm(f.node.term()).setSnapshot(s).build());
    Ready rd = f.node.ready();
    assertThat(rd.snapshot()).as("nothing to install").isNull();
    assertThat(f.node.commitIndex()).isEqualTo(last);
    assertThat(f.node.lastIndex()).isEqualTo(last);
    assertThat(rd.persistedMessages()).anySatisfy(m -> assertThat(m.getIndex()).isEqualTo(last));
  }

  @Test
  void newMemberAddedAfterCompactionIsSeededBySnapshot() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    TestNode leader = net.node(1);
    leader.propose("a");
    leader.propose("b");
    net.stabilize();
    net.addNew(4, 1, 2, 3);
    net.isolate(4);
    leader.proposeConfChange(ConfChangeTest.addNode(4));
    net.stabilize();
    long snapIndex = leader.node.appliedIndex();
    leader.storage.createSnapshot(snapIndex, leader.confState, ByteString.copyFromUtf8("image"));
    leader.storage.compact(snapIndex);
    leader.propose("c");
    net.stabilize();

    net.reconnect(4);
    net.tick(1, 2);
    TestNode n4 = net.node(4);
    assertThat(n4.snapshots).singleElement()
        .satisfies(sn -> assertThat(sn.getMetadata().getIndex()).isEqualTo(snapIndex));
    assertThat(n4.confState.getVotersList()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(n4.appliedData()).containsExactly("c");
    assertThat(n4.raft().promotable()).isTrue();
    List<Long> commits = new ArrayList<>();
    net.nodes.values().forEach(n -> commits.add(n.node.commitIndex()));
    assertThat(commits).containsOnly(leader.node.commitIndex());
  }
}
