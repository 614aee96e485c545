package io.kiln.testkit.client;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.AdminCmdType;
import io.kiln.proto.RaftCmdpb.AdminRequest;
import io.kiln.proto.RaftCmdpb.ChangePeerRequest;
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

/**
 * Builds the raft commands a client sends: data requests on the {@code default} column family, and
 * the admin ChangePeer.
 */
public final class CmdRequests {

  private CmdRequests() {}

  /** A command for {@code region} addressed to {@code peer}, with the region's epoch. */
  public static RaftCmdRequest command(Region region, Peer peer, List<Request> requests) {
    return RaftCmdRequest.newBuilder().setHeader(header(region, peer)).addAllRequests(requests).build();
  }

  /** The header addressing {@code peer} of {@code region} at the region's epoch. */
  public static RaftRequestHeader header(Region region, Peer peer) {
    return RaftRequestHeader.newBuilder()
        .setRegionId(region.getId())
        .setPeer(peer)
        .setRegionEpoch(region.getRegionEpoch())
        .build();
  }

  /** A command body (no header yet) of {@code requests}. */
  public static RaftCmdRequest.Builder body(Request... requests) {
    return RaftCmdRequest.newBuilder().addAllRequests(List.of(requests));
  }

  /** An admin command body that adds or removes {@code peer} (TiKV's single-step ChangePeer). */
  public static RaftCmdRequest.Builder changePeer(ConfChangeType type, Peer peer) {
    return RaftCmdRequest.newBuilder().setAdminRequest(AdminRequest.newBuilder()
        .setCmdType(AdminCmdType.ChangePeer)
        .setChangePeer(ChangePeerRequest.newBuilder().setChangeType(type).setPeer(peer)));
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
