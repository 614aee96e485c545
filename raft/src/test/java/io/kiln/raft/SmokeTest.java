package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {

  @Test
  void threeNodesElectReplicateAndApply() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    assertThat(net.leaders()).containsExactly(1L);
    net.node(1).propose("a");
    net.node(1).propose("b");
    net.stabilize();
    for (TestNode n : net.nodes.values()) {
      assertThat(n.appliedData()).as("node %d", n.id).containsExactly("a", "b");
    }
  }

  @Test
  void singleNodeCommitsAlone() {
    TestNetwork net = TestNetwork.of(1);
    net.elect(1);
    net.node(1).propose("x");
    net.stabilize();
    assertThat(net.node(1).appliedData()).containsExactly("x");
  }

  @Test
  void electionByTimeout() {
    TestNetwork net = TestNetwork.of(5);
    net.tickAll(30);
    assertThat(net.leaders()).hasSize(1);
  }
}
