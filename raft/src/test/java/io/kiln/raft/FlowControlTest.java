package io.kiln.raft;

import static io.kiln.raft.Fixtures.bytes;
import static io.kiln.raft.Fixtures.logView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.raft.tracker.Inflights;
import io.kiln.raft.tracker.Progress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flow control: the inflight window (count and bytes) and the uncommitted-size limit. */
class FlowControlTest {

  /** Appends carrying entries to {@code to}, as the network sees them. */
  private static List<Message> appendsTo(TestNetwork net, long to) {
    List<Message> out = new ArrayList<>();
    net.observe(m -> {
      if (m.getMsgType() == MessageType.MsgAppend && m.getTo() == to && m.getEntriesCount() > 0) {
        out.add(m);
      }
    });
    return out;
  }

  private static void dropAcksFrom(TestNetwork net, long id) {
    net.dropIf(m -> m.getMsgType() == MessageType.MsgAppendResponse && m.getFrom() == id);
  }

  @Test
  void inflightWindowIsBoundedByMaxInflightMsgs() {
    TestNetwork net = TestNetwork.of(3, b -> b.maxInflightMsgs(3).maxSizePerMsg(1));
    net.elect(1);
    dropAcksFrom(net, 2);
    List<Message> to2 = appendsTo(net, 2);
    List<Message> to3 = appendsTo(net, 3);
    for (int i = 0; i < 10; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    Progress p2 = net.node(1).raft().prs.get(2);
    assertThat(to2).as("the window holds 3 messages").hasSize(3);
    assertThat(p2.inflights().count()).isEqualTo(3);
    assertThat(p2.inflights().full()).isTrue();
    assertThat(p2.isPaused()).isTrue();
    assertThat(to3).as("3 acknowledges, its window keeps moving").hasSize(10);
    assertThat(net.node(1).node.commitIndex()).isEqualTo(11);
  }

  @Test
  void heartbeatResponseFreesOneSlotOfAFullWindow() {
    TestNetwork net = TestNetwork.of(3, b -> b.maxInflightMsgs(3).maxSizePerMsg(1));
    net.elect(1);
    dropAcksFrom(net, 2);
    List<Message> to2 = appendsTo(net, 2);
    for (int i = 0; i < 10; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    assertThat(to2).hasSize(3);
    for (int beat = 1; beat <= 3; beat++) {
      net.tick(1, 1); // heartbeat; 2's heartbeat response gets through
      assertThat(to2).as("after heartbeat %d", beat).hasSize(3 + beat);
      assertThat(net.node(1).raft().prs.get(2).inflights().full()).isTrue();
    }
    // Acknowledgements flow again: the window drains and 2 catches up.
    net.heal();
    net.tick(1, 1);
    assertThat(logView(net.node(2))).isEqualTo(logView(net.node(1)));
    assertThat(net.node(1).raft().prs.get(2).inflights().count()).isZero();
  }

  @Test
  void inflightWindowIsBoundedByMaxInflightBytes() {
    long maxBytes = 1000;
    TestNetwork net = TestNetwork.of(3, b -> b.maxInflightMsgs(100).maxSizePerMsg(1).maxInflightBytes(maxBytes));
    net.elect(1);
    dropAcksFrom(net, 2);
    List<Message> to2 = appendsTo(net, 2);
    for (int i = 0; i < 10; i++) {
      net.node(1).node.propose(ByteString.EMPTY, bytes(300));
    }
    net.stabilize();
    long entrySize = to2.get(0).getEntries(0).getSerializedSize();
    long expected = (maxBytes + entrySize - 1) / entrySize; // sending stops once bytes >= max
    Inflights w = net.node(1).raft().prs.get(2).inflights();
    assertThat(to2).hasSize((int) expected);
    assertThat(w.count()).isEqualTo((int) expected).isLessThan(100);
    assertThat(w.bytes()).isGreaterThanOrEqualTo(maxBytes).isLessThan(maxBytes + entrySize);
    assertThat(w.full()).isTrue();
  }

  @Test
  void proposalsBeyondMaxUncommittedEntriesSizeAreDroppedUntilEntriesCommit() {
    TestNetwork net = TestNetwork.of(3, b -> b.maxUncommittedEntriesSize(100));
    net.elect(1);
    TestNode l = net.node(1);
    assertThat(l.raft().uncommittedSize).as("the leader's empty entry is free").isZero();
    net.isolate(2);
    net.isolate(3);
    l.node.propose(ByteString.EMPTY, bytes(60));
    assertThat(l.raft().uncommittedSize).isEqualTo(60);
    assertThatThrownBy(() -> l.node.propose(ByteString.EMPTY, bytes(60)))
        .isInstanceOf(RaftException.ProposalDropped.class)
        .hasMessageContaining("maxUncommittedEntriesSize");
    l.node.propose(ByteString.EMPTY, bytes(40)); // exactly at the limit
    assertThatThrownBy(() -> l.node.propose(ByteString.EMPTY, bytes(1)))
        .isInstanceOf(RaftException.ProposalDropped.class);
    l.node.propose(ByteString.EMPTY, ByteString.EMPTY); // empty entries always go
    assertThat(l.node.lastIndex()).isEqualTo(4);
    net.stabilize();

    net.heal();
    net.tick(1, 1); // followers catch up, everything commits and is handed out to apply
    assertThat(l.node.commitIndex()).isEqualTo(4);
    assertThat(l.raft().uncommittedSize).as("freed as the entries committed").isZero();
    l.node.propose(ByteString.EMPTY, bytes(60));
    net.stabilize();
    assertThat(net.node(2).applied).hasSize(5);
  }

  @Test
  void oneLargeProposalIsAcceptedWhenNothingIsUncommitted() {
    TestNetwork net = TestNetwork.of(3, b -> b.maxUncommittedEntriesSize(100));
    net.elect(1);
    net.isolate(2);
    net.isolate(3);
    TestNode l = net.node(1);
    l.node.propose(ByteString.EMPTY, bytes(500));
    assertThat(l.raft().uncommittedSize).isEqualTo(500);
    assertThatThrownBy(() -> l.node.propose(ByteString.EMPTY, bytes(1)))
        .isInstanceOf(RaftException.ProposalDropped.class);
  }

  @Test
  void uncommittedSizeIsResetOnANewTerm() {
    TestNetwork net = TestNetwork.of(3, b -> b.maxUncommittedEntriesSize(100));
    net.elect(1);
    net.isolate(1);
    net.node(1).node.propose(ByteString.EMPTY, bytes(90));
    net.stabilize();
    net.elect(2);
    assertThat(net.node(2).raft().uncommittedSize).isZero();
    net.node(2).node.propose(ByteString.EMPTY, bytes(90));
    net.stabilize();
    assertThat(net.node(3).applied).extracting(e -> e.getData().size()).contains(90);
  }
}
