package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Single-step membership changes (Raft thesis §4.1) through proposeConfChange + applyConfChange. */
class ConfChangeTest {

  static ConfChange cc(ConfChangeType type, long id) {
    return ConfChange.newBuilder().setChangeType(type).setNodeId(id).build();
  }

  static ConfChange addNode(long id) {
    return cc(ConfChangeType.AddNode, id);
  }

  static ConfChange removeNode(long id) {
    return cc(ConfChangeType.RemoveNode, id);
  }

  private static TestNetwork elected(int n) {
    TestNetwork net = TestNetwork.of(n);
    net.elect(1);
    return net;
  }

  @Test
  void addVoterThatCatchesUpAndThenCounts() {
    TestNetwork net = elected(3);
    for (int i = 0; i < 20; i++) {
      net.node(1).propose("e" + i);
    }
    net.stabilize();
    net.addNew(4, 1, 2, 3);

    net.node(1).proposeConfChange(addNode(4));
    net.stabilize();

    for (TestNode n : net.nodes.values()) {
      assertThat(n.confState.getVotersList()).as("node %d", n.id).containsExactly(1L, 2L, 3L, 4L);
    }
    assertThat(net.node(4).appliedData()).hasSize(20).startsWith("e0").endsWith("e19");
    assertThat(net.node(4).node.commitIndex()).isEqualTo(net.node(1).node.commitIndex());
    assertThat(net.node(1).progress(4).match()).isEqualTo(net.node(1).node.lastIndex());
    assertThat(net.node(4).raft().promotable()).isTrue();

    // Four voters: a quorum is three, so 1 and 2 alone no longer commit...
    net.isolate(3);
    net.isolate(4);
    long commit = net.node(1).node.commitIndex();
    net.node(1).propose("needs-three");
    net.stabilize();
    assertThat(net.node(1).node.commitIndex()).isEqualTo(commit);
    // ...but with the new member they do.
    net.reconnect(4);
    net.tick(1, 1);
    assertThat(net.node(1).node.commitIndex()).isGreaterThan(commit);
    assertThat(net.node(4).appliedData()).endsWith("needs-three");
  }

  @Test
  void removingAVoterShrinksTheQuorum() {
    TestNetwork net = elected(4);
    net.isolate(3);
    net.isolate(4);
    long commit = net.node(1).node.commitIndex();
    net.node(1).propose("before");
    net.stabilize();
    assertThat(net.node(1).node.commitIndex()).as("2 of 4 is no quorum").isEqualTo(commit);
    net.heal();
    net.tick(1, 1);
    assertThat(net.node(2).appliedData()).containsExactly("before");

    net.node(1).proposeConfChange(removeNode(4));
    net.stabilize();
    for (long id : new long[] {1, 2, 3}) {
      assertThat(net.node(id).confState.getVotersList()).as("node %d", id).containsExactly(1L, 2L, 3L);
    }
    assertThat(net.node(1).progress(4)).isNull();

    net.isolate(3);
    net.isolate(4);
    net.node(1).propose("after");
    net.stabilize();
    assertThat(net.node(1).appliedData()).containsExactly("before", "after");
    assertThat(net.node(2).appliedData()).containsExactly("before", "after");
  }

  @Test
  void removedFollowerNoLongerReceivesEntries() {
    TestNetwork net = elected(3);
    net.node(1).proposeConfChange(removeNode(3));
    net.stabilize();
    long last3 = net.node(3).node.lastIndex();
    net.node(1).propose("without-3");
    net.stabilize();
    assertThat(net.node(2).appliedData()).containsExactly("without-3");
    assertThat(net.node(3).node.lastIndex()).isEqualTo(last3);
    assertThat(net.node(3).raft().promotable()).as("3 applied its own removal").isFalse();
  }

  @Test
  void secondConfChangeIsRefusedWhileOneIsPending() {
    TestNetwork net = elected(3);
    net.addNew(4, 1, 2, 3);
    net.addNew(5, 1, 2, 3);
    net.node(1).proposeConfChange(addNode(4));
    assertThatThrownBy(() -> net.node(1).proposeConfChange(addNode(5)))
        .isInstanceOf(RaftException.ProposalDropped.class);
    net.node(1).propose("normal-is-fine"); // only conf changes wait
    net.stabilize();
    assertThat(net.node(1).confState.getVotersList()).containsExactly(1L, 2L, 3L, 4L);

    net.node(1).proposeConfChange(addNode(5)); // applied now: accepted
    net.stabilize();
    assertThat(net.node(1).confState.getVotersList()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(net.node(5).confState.getVotersList()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void confChangeCommittedButNotAppliedStillBlocksTheNext() {
    // A single node driven by hand, so that applying can lag behind committing.
    MemoryStorage storage = MemoryStorage.withVoters(1);
    RawNode node = new RawNode(Config.builder(1).electionTick(10).heartbeatTick(1)
        .random(new Random(1)).build(), storage);
    node.campaign();
    drain(node, storage);
    assertThat(node.isLeader()).isTrue();

    node.proposeConfChange(ByteString.EMPTY, addNode(2));
    Ready rd = node.ready();
    storage.append(rd.entries());
    storage.setHardState(rd.hardState());
    node.onPersistReady(rd.number());
    Ready committed = node.ready();
    assertThat(committed.committedEntries()).extracting(Entry::getEntryType)
        .containsExactly(EntryType.EntryConfChange);
    if (committed.hardState() != null) {
      storage.setHardState(committed.hardState());
    }
    node.onPersistReady(committed.number());

    // Committed, not yet applied: a second change must wait.
    assertThatThrownBy(() -> node.proposeConfChange(ByteString.EMPTY, addNode(3)))
        .isInstanceOf(RaftException.ProposalDropped.class)
        .hasMessageContaining("not applied");

    ConfState cs = node.applyConfChange(addNode(2));
    assertThat(cs.getVotersList()).containsExactly(1L, 2L);
    node.advanceApply(committed.lastCommittedIndex());
    node.proposeConfChange(ByteString.EMPTY, addNode(3)); // accepted now
    assertThat(node.lastIndex()).isEqualTo(committed.lastCommittedIndex() + 1);
  }

  private static void drain(RawNode node, MemoryStorage storage) {
    while (node.hasReady()) {
      Ready rd = node.ready();
      if (rd.hardState() != null) {
        storage.setHardState(rd.hardState());
      }
      storage.append(rd.entries());
      node.advance(rd);
    }
  }
}
