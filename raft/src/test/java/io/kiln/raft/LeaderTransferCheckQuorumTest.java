package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Regressions found by the simulator (seed 1558) in how leader transfers and CheckQuorum share
 * the leader's timers.
 */
class LeaderTransferCheckQuorumTest {

  @Test
  void repeatedTransferRequestsDoNotKeepAPartitionedLeaderAlive() {
    TestNetwork net = TestNetwork.of(3, b -> b.checkQuorum(true));
    net.elect(1);
    assertThat(net.leaders()).containsExactly(1L);
    net.isolate(1);
    // Three election timeouts, with a transfer request (to alternating targets, so each one
    // restarts the transfer) every few ticks: CheckQuorum must still depose the isolated leader.
    for (int tick = 0; tick < 30; tick++) {
      if (tick % 4 == 0) {
        net.node(1).node.transferLeader(tick % 8 == 0 ? 2 : 3);
      }
      net.tickAll(1);
    }
    assertThat(net.node(1).node.isLeader()).as("isolated leader stepped down").isFalse();
  }

  @Test
  void aTransferThatCannotFinishIsStillAbandonedAfterAnElectionTimeout() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(3);
    net.node(1).node.transferLeader(3);
    assertThat(net.node(1).node.status().leadTransferee()).isEqualTo(3);
    net.tickAll(10);
    assertThat(net.node(1).node.status().leadTransferee()).isZero();
    assertThat(net.node(1).node.isLeader()).isTrue();
  }
}
