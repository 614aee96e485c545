package io.kiln.pd.grpc;

import io.kiln.pd.cluster.RegionInfo;
import io.kiln.pd.schedule.Operator;
import io.kiln.pd.schedule.OperatorStep;
import io.kiln.proto.Eraftpb;
import io.kiln.proto.Pdpb;

/** Turns an {@link Operator} into the RegionHeartbeatResponse that carries it to the leader. */
final class HeartbeatResponses {

  private HeartbeatResponses() {}

  static Pdpb.RegionHeartbeatResponse of(Operator op, RegionInfo region, Pdpb.ResponseHeader header) {
    Pdpb.RegionHeartbeatResponse.Builder response = Pdpb.RegionHeartbeatResponse.newBuilder()
        .setHeader(header)
        .setRegionId(region.id())
        .setRegionEpoch(region.epoch());
    if (region.leader() != null) {
      response.setTargetPeer(region.leader());
    }
    OperatorStep step = op.step();
    if (step instanceof OperatorStep.AddPeer add) {
      response.setChangePeer(Pdpb.ChangePeer.newBuilder()
          .setPeer(add.peer())
          .setChangeType(Eraftpb.ConfChangeType.AddNode));
    } else if (step instanceof OperatorStep.RemovePeer remove) {
      response.setChangePeer(Pdpb.ChangePeer.newBuilder()
          .setPeer(remove.peer())
          .setChangeType(Eraftpb.ConfChangeType.RemoveNode));
    } else if (step instanceof OperatorStep.TransferLeader transfer) {
      response.setTransferLeader(Pdpb.TransferLeader.newBuilder().setPeer(transfer.peer()));
    }
    return response.build();
  }
}
