package io.kiln.testkit.client;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.DeleteRangeRequest;
import io.kiln.proto.RaftCmdpb.DeleteRequest;
import io.kiln.proto.RaftCmdpb.GetRequest;
import io.kiln.proto.RaftCmdpb.PutRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftRequestHeader;
import io.kiln.proto.RaftCmdpb.Request;
import io.kiln.proto.RaftCmdpb.SnapRequest;
import java.util.List;

/** Builds the raft commands a client sends: one request each, on the {@code default} column family. */
public final class CmdRequests {

  private CmdRequests() {}

  /** A command for {@code region} addressed to {@code peer}, with the region's epoch. */
  public static RaftCmdRequest command(Region region, Peer peer, List<Request> requests) {
    RaftRequestHeader header = RaftRequestHeader.newBuilder()
        .setRegionId(region.getId())
        .setPeer(peer)
        .setRegionEpoch(region.getRegionEpoch())
        .build();
    return RaftCmdRequest.newBuilder().setHeader(header).addAllRequests(requests).build();
  }

  public static Request put(ByteString key, ByteString value) {
    return Request.newBuilder().setCmdType(CmdType.Put)
        .setPut(PutRequest.newBuilder().setCf(Cf.DEFAULT).setKey(key).setValue(value)).build();
  }

  public static Request delete(ByteString key) {
    return Request.newBuilder().setCmdType(CmdType.Delete)
        .setDelete(DeleteRequest.newBuilder().setCf(Cf.DEFAULT).setKey(key)).build();
  }

  public static Request deleteRange(ByteString start, ByteString end) {
    return Request.newBuilder().setCmdType(CmdType.DeleteRange)
        .setDeleteRange(DeleteRangeRequest.newBuilder().setCf(Cf.DEFAULT).setStartKey(start).setEndKey(end))
        .build();
  }

  public static Request get(ByteString key) {
    return Request.newBuilder().setCmdType(CmdType.Get)
        .setGet(GetRequest.newBuilder().setCf(Cf.DEFAULT).setKey(key)).build();
  }

  public static Request snap() {
    return Request.newBuilder().setCmdType(CmdType.Snap).setSnap(SnapRequest.getDefaultInstance()).build();
  }

  /** The peer of {@code region} on {@code storeId}, or null if it has none there. */
  public static Peer peerOn(Region region, long storeId) {
    for (Peer p : region.getPeersList()) {
      if (p.getStoreId() == storeId) {
        return p;
      }
    }
    return null;
  }
}
