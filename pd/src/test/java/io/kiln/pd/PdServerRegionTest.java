package io.kiln.pd;

import static io.kiln.pd.cluster.TestRegions.key;
import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Region heartbeats feed the routing table that GetRegion and friends read. max-replicas is 1 here. */
class PdServerRegionTest {

  private final PdHarness pd = new PdHarness(c -> c.withMaxReplicas(1));
  private final Metapb.Peer leader = peer(3, 1);

  @BeforeEach
  void bootstrap() {
    pd.bootstrap();
  }

  @AfterEach
  void close() {
    pd.close();
  }

  /** Splits region 2 into [, g) = 10, [g, p) = 12, [p, ) = 2 through heartbeats. */
  private void threeRegions(PdHarness.HeartbeatStream stream) {
    stream.send(pd.heartbeat(region(10, "", "g", 1, 3, peer(11, 1)), peer(11, 1), 1));
    stream.send(pd.heartbeat(region(12, "g", "p", 1, 3, peer(13, 1)), peer(13, 1), 1));
    stream.send(pd.heartbeat(region(2, "p", "", 1, 3, leader), leader, 1));
  }

  @Test
  void afterBootstrapTheFirstRegionCoversEveryKeyWithoutALeader() {
    Pdpb.GetRegionResponse response = pd.getRegion("anything");

    assertThat(response.getHeader().hasError()).isFalse();
    assertThat(response.getRegion().getId()).isEqualTo(2);
    assertThat(response.hasLeader()).isFalse();
  }

  @Test
  void aHeartbeatWithANewerEpochReplacesTheRegionAndSetsItsLeader() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(2, "", "", 2, 1, leader, peer(4, 5)), leader, 6));

      stream.sync();

      Pdpb.GetRegionResponse response = pd.getRegion("k");
      assertThat(response.getRegion().getPeersList()).containsExactly(leader, peer(4, 5));
      assertThat(response.getLeader()).isEqualTo(leader);
    }
  }

  @Test
  void aStaleHeartbeatIsAnsweredWithAnErrorAndIgnored() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(2, "", "", 3, 4, leader), leader, 2));
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, leader), leader, 2));

      Pdpb.RegionHeartbeatResponse error = stream.next();

      assertThat(error.getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.UNKNOWN);
      assertThat(error.getHeader().getError().getMessage()).contains("stale");
      assertThat(pd.getRegion("k").getRegion().getRegionEpoch())
          .isEqualTo(Metapb.RegionEpoch.newBuilder().setConfVer(3).setVersion(4).build());
    }
  }

  @Test
  void invalidHeartbeatsGetErrorsAndTheStreamStaysOpen() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(0, "", "", 1, 1, leader), leader, 1));
      stream.send(pd.heartbeat(region(2, "", "", 1, 1, peer(3, 77)), peer(3, 77), 1));
      stream.send(Pdpb.RegionHeartbeatRequest.newBuilder()
          .setHeader(Pdpb.RequestHeader.newBuilder().setClusterId(pd.server.clusterId() + 1))
          .setRegion(region(2, "", "", 1, 1, leader)).setLeader(leader).build());

      assertThat(stream.next().getHeader().getError().getMessage()).contains("region id is 0");
      assertThat(stream.next().getHeader().getError().getMessage()).contains("invalid store ID 77");
      assertThat(stream.next().getHeader().getError().getMessage()).contains("mismatch cluster id");
    }
  }

  @Test
  void routingQueriesAfterHeartbeats() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      threeRegions(stream);
      assertThat(stream.sync()).as("no operators, no errors").isEmpty();
    }

    assertThat(pd.getRegion("a").getRegion().getId()).isEqualTo(10);
    assertThat(pd.getRegion("").getRegion().getId()).isEqualTo(10);
    assertThat(pd.getRegion("g").getRegion().getId()).isEqualTo(12);
    assertThat(pd.getRegion("g").getLeader()).isEqualTo(peer(13, 1));
    assertThat(pd.getRegion("zzz").getRegion().getId()).isEqualTo(2);

    var stub = pd.pd();
    Pdpb.GetRegionResponse prev = stub.getPrevRegion(Pdpb.GetRegionRequest.newBuilder()
        .setHeader(pd.header).setRegionKey(key("p")).build());
    assertThat(prev.getRegion().getId()).isEqualTo(12);
    Pdpb.GetRegionResponse noPrev = stub.getPrevRegion(Pdpb.GetRegionRequest.newBuilder()
        .setHeader(pd.header).setRegionKey(key("a")).build());
    assertThat(noPrev.hasRegion()).isFalse();

    Pdpb.GetRegionResponse byId = stub.getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder()
        .setHeader(pd.header).setRegionId(12).build());
    assertThat(byId.getRegion().getStartKey()).isEqualTo(key("g"));
    Pdpb.GetRegionResponse unknownId = stub.getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder()
        .setHeader(pd.header).setRegionId(999).build());
    assertThat(unknownId.getHeader().hasError()).isFalse();
    assertThat(unknownId.hasRegion()).isFalse();
  }

  @Test
  void scanRegionsHonoursStartEndAndLimit() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      threeRegions(stream);
      assertThat(stream.sync()).as("no operators, no errors").isEmpty();
    }

    assertThat(scan("", "", 0).getRegionMetasList()).extracting(Metapb.Region::getId).containsExactly(10L, 12L, 2L);
    assertThat(scan("h", "", 0).getRegionMetasList()).extracting(Metapb.Region::getId).containsExactly(12L, 2L);
    assertThat(scan("", "", 2).getRegionMetasList()).extracting(Metapb.Region::getId).containsExactly(10L, 12L);
    assertThat(scan("", "p", 0).getRegionMetasList()).extracting(Metapb.Region::getId).containsExactly(10L, 12L);
    assertThat(scan("b", "h", 0).getRegionMetasList()).extracting(Metapb.Region::getId).containsExactly(10L, 12L);

    Pdpb.ScanRegionsResponse full = scan("", "", 0);
    assertThat(full.getLeadersList()).containsExactly(peer(11, 1), peer(13, 1), leader);
    assertThat(full.getRegionsList()).extracting(r -> r.getRegion().getId()).containsExactly(10L, 12L, 2L);
    assertThat(full.getRegions(1).getLeader()).isEqualTo(peer(13, 1));
  }

  private Pdpb.ScanRegionsResponse scan(String start, String end, int limit) {
    return pd.pd().scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
        .setHeader(pd.header).setStartKey(key(start)).setEndKey(key(end)).setLimit(limit).build());
  }

  @Test
  void aKeyNoRegionCoversGetsAnEmptyRegionNotAnError() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      // region 10 took [, g) with a newer version; region 2 has not yet reported [g, )
      stream.send(pd.heartbeat(region(10, "", "g", 1, 2, peer(11, 1)), peer(11, 1), 1));
      stream.sync();
    }

    Pdpb.GetRegionResponse response = pd.getRegion("x");

    assertThat(response.getHeader().hasError()).isFalse();
    assertThat(response.hasRegion()).isFalse();
    assertThat(response.hasLeader()).isFalse();
  }

  @Test
  void askBatchSplitReturnsNewIdsAndReportBatchSplitRecordsTheRegions() {
    Metapb.Region parent = region(2, "", "", 1, 1, leader);
    Pdpb.AskBatchSplitResponse ask = pd.pd().askBatchSplit(Pdpb.AskBatchSplitRequest.newBuilder()
        .setHeader(pd.header).setRegion(parent).setSplitCount(2).build());

    assertThat(ask.getHeader().hasError()).isFalse();
    assertThat(ask.getIdsList()).hasSize(2);
    Set<Long> ids = new HashSet<>();
    for (Pdpb.SplitID split : ask.getIdsList()) {
      assertThat(split.getNewPeerIdsList()).hasSize(1);
      ids.add(split.getNewRegionId());
      ids.addAll(split.getNewPeerIdsList());
    }
    assertThat(ids).hasSize(4).allMatch(id -> id > 0);

    Pdpb.SplitID first = ask.getIds(0);
    Pdpb.SplitID second = ask.getIds(1);
    List<Metapb.Region> after = List.of(
        region(first.getNewRegionId(), "", "g", 1, 3, peer(first.getNewPeerIds(0), 1)),
        region(second.getNewRegionId(), "g", "p", 1, 3, peer(second.getNewPeerIds(0), 1)),
        region(2, "p", "", 1, 3, leader));
    Pdpb.ReportBatchSplitResponse report = pd.pd().reportBatchSplit(Pdpb.ReportBatchSplitRequest.newBuilder()
        .setHeader(pd.header).addAllRegions(after).build());

    assertThat(report.getHeader().hasError()).isFalse();
    assertThat(pd.getRegion("a").getRegion()).isEqualTo(after.get(0));
    assertThat(pd.getRegion("h").getRegion()).isEqualTo(after.get(1));
    assertThat(pd.getRegion("q").getRegion()).isEqualTo(after.get(2));
  }

  @Test
  void askBatchSplitWithAStaleEpochIsRefused() throws Exception {
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(2, "", "", 1, 5, leader), leader, 1));
      stream.sync();
    }

    Pdpb.AskBatchSplitResponse ask = pd.pd().askBatchSplit(Pdpb.AskBatchSplitRequest.newBuilder()
        .setHeader(pd.header).setRegion(region(2, "", "", 1, 4, leader)).setSplitCount(1).build());

    assertThat(ask.getHeader().getError().getMessage()).contains("epoch");
    assertThat(ask.getIdsList()).isEmpty();
  }
}
