package io.kiln.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RaftStoreBasicTest {

  @Test
  void electsLeaderReplicatesAndReads() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      CmdResult r = c.put(leader, "a", "1");
      assertThat(r.ok()).as(r.response().toString()).isTrue();
      CmdResult g = c.get(leader, "a");
      assertThat(g.ok()).as(g.response().toString()).isTrue();
      assertThat(g.response().getResponses(0).getGet().getValue().toStringUtf8()).isEqualTo("1");
      int follower = leader % 3 + 1;
      CmdResult nl = c.put(follower, "b", "2");
      assertThat(nl.response().getHeader().getError().hasNotLeader()).isTrue();
    }
  }

  @Test
  void leadersReportTheirRegionToPd() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (c.heartbeats.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(c.heartbeats).isNotEmpty();
      PdReporter.RegionHeartbeat hb = c.heartbeats.get(c.heartbeats.size() - 1);
      assertThat(hb.region().getId()).isEqualTo(1);
      assertThat(hb.region().getPeersList()).hasSize(3);
      assertThat(hb.leader().getStoreId()).isEqualTo(leader);
      int before = c.heartbeats.size();
      Thread.sleep(500); // 20 ticks of 10 ms: periodic reports keep coming
      assertThat(c.heartbeats.size()).isGreaterThan(before);
    }
  }
}
