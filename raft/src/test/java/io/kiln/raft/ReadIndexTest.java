package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Linearizable reads through read index (Raft thesis §6.4), safe and lease-based. */
class ReadIndexTest {

  private static ByteString ctx(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static TestNetwork elected(int n, java.util.function.UnaryOperator<Config.Builder> tweak) {
    TestNetwork net = TestNetwork.of(n, tweak);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    return net;
  }

  // ------------------------------------------------------------------ safe mode

  @Test
  void safeReadIsAnsweredOnlyAfterAHeartbeatQuorumRound() {
    TestNetwork net = elected(5, b -> b);
    long commit = net.node(1).node.commitIndex();
    // Only node 2 can acknowledge: leader + 1 of 5 is no quorum.
    net.isolate(3);
    net.isolate(4);
    net.isolate(5);
    net.node(1).node.readIndex(ctx("r1"));
    net.stabilize();
    net.tick(1, 3);
    assertThat(net.node(1).readStates).isEmpty();

    net.reconnect(3); // leader + 2 + 3 is a quorum of 5
    net.clearSent();
    net.tick(1, 1);
    assertThat(net.node(1).readStates).containsExactly(new ReadState(commit, ctx("r1")));
    assertThat(net.sent(MessageType.MsgHeartbeat)).allSatisfy(
        m -> assertThat(m.getContext()).isEqualTo(ctx("r1")));
  }

  @Test
  void safeReadWithoutHeartbeatResponsesIsNeverAnswered() {
    TestNetwork net = elected(3, b -> b);
    net.drop(MessageType.MsgHeartbeatResponse);
    net.node(1).node.readIndex(ctx("r"));
    net.stabilize();
    net.tick(1, 5);
    assertThat(net.node(1).readStates).isEmpty();
    net.heal();
    net.tick(1, 1);
    assertThat(net.node(1).readStates).extracting(ReadState::requestCtx).containsExactly(ctx("r"));
  }

  @Test
  void readStateCarriesTheCommitIndexAtRequestTime() {
    TestNetwork net = elected(3, b -> b);
    for (int i = 0; i < 3; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    long commitAtRequest = net.node(1).node.commitIndex();

    net.drop(MessageType.MsgHeartbeat);
    net.node(1).node.readIndex(ctx("r"));
    net.stabilize();
    // More writes commit while the read waits for its round.
    net.node(1).propose("later");
    net.stabilize();
    assertThat(net.node(1).node.commitIndex()).isGreaterThan(commitAtRequest);
    assertThat(net.node(1).readStates).isEmpty();

    net.heal();
    net.tick(1, 1);
    assertThat(net.node(1).readStates).containsExactly(new ReadState(commitAtRequest, ctx("r")));
  }

  @Test
  void followerReadIsForwardedToLeaderAndAnsweredBack() {
    TestNetwork net = elected(3, b -> b);
    long commit = net.node(1).node.commitIndex();
    net.clearSent();
    net.node(2).node.readIndex(ctx("f"));
    net.stabilize();

    assertThat(net.sent(MessageType.MsgReadIndex)).singleElement().satisfies(m -> {
      assertThat(m.getFrom()).isEqualTo(2);
      assertThat(m.getTo()).isEqualTo(1);
    });
    assertThat(net.sent(MessageType.MsgReadIndexResp)).singleElement().satisfies(m -> {
      assertThat(m.getFrom()).isEqualTo(1);
      assertThat(m.getTo()).isEqualTo(2);
      assertThat(m.getIndex()).isEqualTo(commit);
    });
    assertThat(net.node(2).readStates).containsExactly(new ReadState(commit, ctx("f")));
    assertThat(net.node(1).readStates).isEmpty();
  }

  @Test
  void followerWithoutLeaderDropsTheRead() {
    TestNetwork net = TestNetwork.of(3);
    net.node(2).node.readIndex(ctx("nobody"));
    net.stabilize();
    assertThat(net.sent(MessageType.MsgReadIndex)).isEmpty();
    assertThat(net.node(2).readStates).isEmpty();
  }

  @Test
  void newLeaderHoldsReadsUntilAnEntryOfItsTermCommits() {
    TestNetwork net = elected(3, b -> b);
    net.drop(MessageType.MsgAppendResponse);
    net.elect(2);
    assertThat(net.leaders()).containsExactly(2L);
    long term = net.node(2).node.term();
    assertThat(net.node(2).raft().raftLog.termOrZero(net.node(2).node.commitIndex())).isLessThan(term);

    net.node(2).node.readIndex(ctx("early"));
    net.stabilize();
    net.tick(2, 3);
    assertThat(net.node(2).readStates).isEmpty();
    assertThat(net.node(2).raft().pendingReadIndexMessages).hasSize(1);

    net.heal();
    net.tick(2, 1);
    long commit = net.node(2).node.commitIndex();
    assertThat(net.node(2).raft().raftLog.termOrZero(commit)).isEqualTo(term);
    assertThat(net.node(2).readStates).containsExactly(new ReadState(commit, ctx("early")));
  }

  @Test
  void partitionedMinorityLeaderNeverAnswers() {
    TestNetwork net = elected(3, b -> b);
    net.isolate(1);
    net.node(1).node.readIndex(ctx("stale?"));
    net.stabilize();
    net.tick(1, 30);
    // The majority moves on: a new leader commits a write the old one does not know about.
    net.elect(2);
    net.node(2).propose("b");
    net.stabilize();
    assertThat(net.node(1).node.isLeader()).isTrue(); // no checkQuorum: it still believes
    assertThat(net.node(1).readStates).isEmpty();

    net.heal();
    net.tick(2, 1); // the new leader's heartbeat deposes the old one
    net.tick(1, 3);
    assertThat(net.node(1).node.isLeader()).isFalse();
    assertThat(net.node(1).readStates).isEmpty();
  }

  @Test
  void readsQueuedBehindOneRoundAreAllAnsweredByIt() {
    TestNetwork net = elected(3, b -> b);
    long commit = net.node(1).node.commitIndex();
    net.drop(MessageType.MsgHeartbeat);
    net.node(1).node.readIndex(ctx("r1"));
    net.node(1).node.readIndex(ctx("r2"));
    net.node(1).node.readIndex(ctx("r3"));
    net.stabilize();
    assertThat(net.node(1).readStates).isEmpty();

    net.heal();
    net.clearSent();
    net.tick(1, 1);
    // One heartbeat round (one heartbeat per follower) carrying the newest context.
    assertThat(net.sent(MessageType.MsgHeartbeat)).hasSize(2)
        .allSatisfy(m -> assertThat(m.getContext()).isEqualTo(ctx("r3")));
    assertThat(net.node(1).readStates).containsExactly(
        new ReadState(commit, ctx("r1")), new ReadState(commit, ctx("r2")),
        new ReadState(commit, ctx("r3")));
    assertThat(net.node(1).raft().readOnly.pendingCount()).isZero();
  }

  @Test
  void singleNodeAnswersAtOnce() {
    TestNetwork net = elected(1, b -> b);
    net.node(1).node.readIndex(ctx("solo"));
    net.stabilize();
    assertThat(net.node(1).readStates)
        .containsExactly(new ReadState(net.node(1).node.commitIndex(), ctx("solo")));
  }

  @Test
  void followerReadHeldByANewLeaderIsAnsweredOnceItCommits() {
    TestNetwork net = elected(3, b -> b);
    net.drop(MessageType.MsgAppendResponse);
    net.elect(2);
    net.node(3).node.readIndex(ctx("via-3"));
    net.stabilize();
    assertThat(net.node(3).readStates).isEmpty();
    net.heal();
    net.tick(2, 1);
    long commit = net.node(2).node.commitIndex();
    assertThat(net.node(3).readStates).containsExactly(new ReadState(commit, ctx("via-3")));
  }

  @Test
  void learnerAcksDoNotMakeAReadQuorum() {
    TestNetwork net = TestNetwork.withMembers(new long[] {1, 2}, new long[] {3}, b -> b);
    net.elect(1);
    net.isolate(2);
    net.node(1).node.readIndex(ctx("r"));
    net.stabilize();
    net.tick(1, 3);
    assertThat(net.node(1).readStates).isEmpty();
    net.reconnect(2);
    net.tick(1, 1);
    assertThat(net.node(1).readStates).extracting(ReadState::requestCtx).containsExactly(ctx("r"));
  }

  @Test
  void leaseBasedReadOfANewLeaderWaitsForItsTermToCommit() {
    TestNetwork net = elected(3, b -> b.checkQuorum(true).readOnlyOption(ReadOnlyOption.LEASE_BASED));
    net.drop(MessageType.MsgAppendResponse);
    // With checkQuorum, followers inside the leader's lease ignore a plain campaign: transfer.
    net.node(1).node.transferLeader(2);
    net.stabilize();
    assertThat(net.leaders()).containsExactly(2L);
    net.node(2).node.readIndex(ctx("early"));
    net.stabilize();
    assertThat(net.node(2).readStates).isEmpty();
    net.heal();
    net.tick(2, 1);
    assertThat(net.node(2).readStates)
        .containsExactly(new ReadState(net.node(2).node.commitIndex(), ctx("early")));
  }

  // ------------------------------------------------------------------ lease-based mode

  @Test
  void leaseBasedReadsRequireCheckQuorum() {
    assertThatThrownBy(() -> Config.builder(1).readOnlyOption(ReadOnlyOption.LEASE_BASED)
        .random(new Random(1)).build())
        .isInstanceOf(RaftException.InvalidConfig.class)
        .hasMessageContaining("checkQuorum");
    Config ok = Config.builder(1).readOnlyOption(ReadOnlyOption.LEASE_BASED).checkQuorum(true)
        .random(new Random(1)).build();
    assertThat(ok.readOnlyOption()).isEqualTo(ReadOnlyOption.LEASE_BASED);
  }

  @Test
  void leaseBasedReadIsAnsweredWithoutAHeartbeatRoundWhileTheLeaseHolds() {
    TestNetwork net = elected(3, b -> b.checkQuorum(true).readOnlyOption(ReadOnlyOption.LEASE_BASED));
    // The lease comes from a quorum acknowledging a recent heartbeat: one heartbeat round.
    net.tick(1, 1);
    net.stabilize();
    long commit = net.node(1).node.commitIndex();
    net.node(1).node.readIndex(ctx("lease"));
    assertThat(net.node(1).node.hasReady()).isTrue();
    List<Message> out = new ArrayList<>();
    net.node(1).handleReady(out::add);
    assertThat(net.node(1).readStates).containsExactly(new ReadState(commit, ctx("lease")));
    assertThat(out).noneMatch(m -> m.getMsgType() == MessageType.MsgHeartbeat);

    // A follower's read is answered by the leader directly too.
    net.clearSent();
    net.node(3).node.readIndex(ctx("lease-f"));
    net.stabilize();
    assertThat(net.sent(MessageType.MsgHeartbeat)).isEmpty();
    assertThat(net.node(3).readStates).containsExactly(new ReadState(commit, ctx("lease-f")));
  }
}
