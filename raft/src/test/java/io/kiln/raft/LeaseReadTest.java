package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Lease-based reads (found unsafe by the simulator, seeds 2669, 3443, 9145, 15364): a leader
 * answers a lease read only while a quorum acknowledged a recent enough heartbeat; after it sent
 * TimeoutNow it confirms reads by a heartbeat round instead; and a restarted node does not vote
 * while it might still owe a leader its lease.
 */
class LeaseReadTest {

  private static TestNetwork leaseCluster() {
    TestNetwork net = TestNetwork.of(3, b -> b.checkQuorum(true).readOnlyOption(ReadOnlyOption.LEASE_BASED));
    net.elect(1);
    net.node(1).propose("x");
    net.stabilize();
    net.tickAll(1); // one heartbeat round: the lease is fresh
    return net;
  }

  private static int read(TestNetwork net, long id, String ctx) {
    int before = net.node(id).readStates.size();
    net.node(id).node.readIndex(ByteString.copyFromUtf8(ctx));
    net.stabilize();
    return net.node(id).readStates.size() - before;
  }

  @Test
  void aLeaderWithAFreshLeaseAnswersAtOnce() {
    TestNetwork net = leaseCluster();
    assertThat(read(net, 1, "a")).isEqualTo(1);
  }

  @Test
  void aCutOffLeaderStopsAnsweringBeforeFollowersMayVoteAgain() {
    TestNetwork net = leaseCluster();
    net.isolate(1);
    net.tickAll(9); // electionTick is 10: CheckQuorum has not deposed it yet
    assertThat(net.node(1).node.isLeader()).isTrue();
    assertThat(read(net, 1, "late")).as("lease read after the lease expired").isZero();
  }

  @Test
  void afterTimeoutNowReadsNeedAHeartbeatRound() {
    TestNetwork net = leaseCluster();
    net.drop(io.kiln.proto.Eraftpb.MessageType.MsgTimeoutNow); // the transfer never completes
    net.node(1).node.transferLeader(2);
    net.stabilize();
    net.heal();
    net.tickAll(12); // the transfer is abandoned, heartbeats keep flowing
    assertThat(net.node(1).node.isLeader()).isTrue();
    net.drop(io.kiln.proto.Eraftpb.MessageType.MsgHeartbeatResponse);
    assertThat(read(net, 1, "no-lease")).as("no lease read once TimeoutNow went out").isZero();
    net.heal();
    // The round for the new read confirms the held one too.
    assertThat(read(net, 1, "round")).as("answered by a quorum round").isEqualTo(2);
  }

  @Test
  void aRestartedNodeRefusesVotesForAnElectionTimeout() {
    TestNetwork net = leaseCluster();
    TestNode n3 = net.node(3);
    n3.restart(); // it may have acknowledged node 1's heartbeat just before
    long term = n3.node.term();
    n3.node.step(io.kiln.proto.Eraftpb.Message.newBuilder()
        .setMsgType(io.kiln.proto.Eraftpb.MessageType.MsgRequestVote).setFrom(2).setTo(3)
        .setTerm(term + 1).setIndex(n3.node.lastIndex()).setLogTerm(term).build());
    assertThat(n3.node.term()).as("vote request ignored").isEqualTo(term);
    for (int i = 0; i < 20; i++) {
      n3.node.tick(); // after an election timeout the node votes again
    }
    n3.node.step(io.kiln.proto.Eraftpb.Message.newBuilder()
        .setMsgType(io.kiln.proto.Eraftpb.MessageType.MsgRequestVote).setFrom(2).setTo(3)
        .setTerm(term + 5).setIndex(n3.node.lastIndex() + 10).setLogTerm(term + 4).build());
    assertThat(n3.node.status().hardState().getVote()).isEqualTo(2);
  }
}
