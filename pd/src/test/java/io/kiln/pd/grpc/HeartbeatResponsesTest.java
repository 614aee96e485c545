package io.kiln.pd.grpc;

import static io.kiln.pd.cluster.TestRegions.led;
import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.pd.cluster.RegionInfo;
import io.kiln.pd.schedule.Operator;
import io.kiln.pd.schedule.OperatorStep;
import io.kiln.proto.Eraftpb;
import io.kiln.proto.Pdpb;
import org.junit.jupiter.api.Test;

class HeartbeatResponsesTest {

  private final RegionInfo region = led(region(7, "a", "b", 3, 4, peer(10, 1), peer(11, 2)));
  private final Pdpb.ResponseHeader header = Pdpb.ResponseHeader.newBuilder().setClusterId(9).build();

  private Pdpb.RegionHeartbeatResponse of(OperatorStep step) {
    return HeartbeatResponses.of(new Operator("test", 7, region.epoch(), step, 0), region, header);
  }

  @Test
  void everyResponseNamesTheRegionItsEpochAndItsLeader() {
    Pdpb.RegionHeartbeatResponse response = of(new OperatorStep.AddPeer(peer(12, 3)));

    assertThat(response.getHeader().getClusterId()).isEqualTo(9);
    assertThat(response.getRegionId()).isEqualTo(7);
    assertThat(response.getRegionEpoch()).isEqualTo(region.epoch());
    assertThat(response.getTargetPeer()).isEqualTo(peer(10, 1));
  }

  @Test
  void addAndRemoveAreChangePeersAndATransferIsATransferLeader() {
    Pdpb.RegionHeartbeatResponse add = of(new OperatorStep.AddPeer(peer(12, 3)));
    Pdpb.RegionHeartbeatResponse remove = of(new OperatorStep.RemovePeer(peer(11, 2)));
    Pdpb.RegionHeartbeatResponse transfer = of(new OperatorStep.TransferLeader(peer(11, 2)));

    assertThat(add.getChangePeer().getChangeType()).isEqualTo(Eraftpb.ConfChangeType.AddNode);
    assertThat(add.getChangePeer().getPeer()).isEqualTo(peer(12, 3));
    assertThat(remove.getChangePeer().getChangeType()).isEqualTo(Eraftpb.ConfChangeType.RemoveNode);
    assertThat(remove.getChangePeer().getPeer()).isEqualTo(peer(11, 2));
    assertThat(transfer.hasChangePeer()).isFalse();
    assertThat(transfer.getTransferLeader().getPeer()).isEqualTo(peer(11, 2));
  }
}
