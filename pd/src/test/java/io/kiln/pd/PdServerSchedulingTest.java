package io.kiln.pd;

import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replica checker answers heartbeats of under-replicated regions with operators. */
class PdServerSchedulingTest {

  private final PdHarness pd = new PdHarness(c -> c.withOperatorTimeoutMillis(30_000));
  private final Metapb.Peer leader = peer(3, 1);

  @BeforeEach
  void threeLiveStores() {
    pd.bootstrap();
    pd.storeHeartbeat(1);
    pd.liveStore(4);
    pd.liveStore(5);
  }

  @AfterEach
  void close() {
    pd.close();
  }

  @Test
  void anUnderReplicatedRegionIsToldToAddAVoterOnAStoreWithoutAPeer() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));

      List<Pdpb.RegionHeartbeatResponse> responses = stream.sync();

      assertThat(responses).hasSize(1);
      Pdpb.RegionHeartbeatResponse op = responses.get(0);
      assertThat(op.getHeader().hasError()).isFalse();
      assertThat(op.getRegionId()).isEqualTo(2);
      assertThat(op.getRegionEpoch()).isEqualTo(region(2, "", "", 1, 1).getRegionEpoch());
      assertThat(op.getTargetPeer()).isEqualTo(leader);
      assertThat(op.getChangePeer().getChangeType()).isEqualTo(Eraftpb.ConfChangeType.AddNode);
      assertThat(op.getChangePeer().getPeer().getStoreId()).isIn(4L, 5L);
      assertThat(op.getChangePeer().getPeer().getId()).isGreaterThan(3);
    }
  }

  @Test
  void oneOperatorInFlightPerRegionRetriedAfterTheTimeout() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));
      Pdpb.ChangePeer first = stream.sync().get(0).getChangePeer();

      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));
      assertThat(stream.sync()).as("still in flight").isEmpty();

      pd.clock.advance(30_001);
      pd.storeHeartbeat(1);
      pd.storeHeartbeat(4);
      pd.storeHeartbeat(5);
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));
      List<Pdpb.RegionHeartbeatResponse> retried = stream.sync();

      assertThat(retried).hasSize(1);
      assertThat(retried.get(0).getChangePeer().getChangeType()).isEqualTo(Eraftpb.ConfChangeType.AddNode);
      assertThat(retried.get(0).getChangePeer().getPeer().getId()).isNotEqualTo(first.getPeer().getId());
    }
  }

  @Test
  void afterEachPeerIsAddedTheNextIsPlannedUntilTheRegionHasThree() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));
      Metapb.Peer second = stream.sync().get(0).getChangePeer().getPeer();

      stream.send(pd.heartbeat(region(2, "", "", 2, 1, leader, second), leader, 1));
      Metapb.Peer third = stream.sync().get(0).getChangePeer().getPeer();
      assertThat(third.getStoreId()).isNotIn(1L, second.getStoreId());

      stream.send(pd.heartbeat(region(2, "", "", 3, 1, leader, second, third), leader, 1));
      assertThat(stream.sync()).isEmpty();
    }
  }

  @Test
  void storesWithoutARecentHeartbeatGetNoReplicas() throws Exception {
    pd.clock.advance(20_001);
    pd.storeHeartbeat(1);
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));

      assertThat(stream.sync()).isEmpty();

      pd.storeHeartbeat(5);
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 1));
      assertThat(stream.sync().get(0).getChangePeer().getPeer().getStoreId()).isEqualTo(5);
    }
  }
}
