package io.kiln.raftstore;

import com.google.protobuf.ByteString;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import java.util.List;

/**
 * The region errors of TiKV's protocol ({@code errorpb.Error}), built as TiKV's raftstore builds
 * them: clients act on the typed field, the message is for people.
 */
public final class RegionErrors {

  private RegionErrors() {}

  public static Errorpb.Error notLeader(long regionId, Peer leader) {
    Errorpb.NotLeader.Builder nl = Errorpb.NotLeader.newBuilder().setRegionId(regionId);
    if (leader != null) {
      nl.setLeader(leader);
    }
    return Errorpb.Error.newBuilder()
        .setMessage("peer is not leader for region " + regionId + ", leader may be "
            + (leader == null ? "unknown" : "peer " + leader.getId() + " on store " + leader.getStoreId()))
        .setNotLeader(nl).build();
  }

  public static Errorpb.Error regionNotFound(long regionId) {
    return Errorpb.Error.newBuilder().setMessage("region " + regionId + " not found")
        .setRegionNotFound(Errorpb.RegionNotFound.newBuilder().setRegionId(regionId)).build();
  }

  public static Errorpb.Error keyNotInRegion(byte[] key, Region region) {
    return Errorpb.Error.newBuilder()
        .setMessage("key " + io.kiln.engine.Hex.of(key) + " is not in region " + region.getId())
        .setKeyNotInRegion(Errorpb.KeyNotInRegion.newBuilder().setKey(ByteString.copyFrom(key))
            .setRegionId(region.getId()).setStartKey(region.getStartKey()).setEndKey(region.getEndKey()))
        .build();
  }

  public static Errorpb.Error epochNotMatch(String why, List<Region> current) {
    return Errorpb.Error.newBuilder().setMessage("epoch not match: " + why)
        .setEpochNotMatch(Errorpb.EpochNotMatch.newBuilder().addAllCurrentRegions(current)).build();
  }

  public static Errorpb.Error serverIsBusy(String reason) {
    return Errorpb.Error.newBuilder().setMessage("server is busy: " + reason)
        .setServerIsBusy(Errorpb.ServerIsBusy.newBuilder().setReason(reason)).build();
  }

  public static Errorpb.Error staleCommand(String why) {
    return Errorpb.Error.newBuilder().setMessage("stale command: " + why)
        .setStaleCommand(Errorpb.StaleCommand.getDefaultInstance()).build();
  }

  public static Errorpb.Error raftEntryTooLarge(long regionId, long size, long limit) {
    return Errorpb.Error.newBuilder()
        .setMessage("raft entry is too large: region " + regionId + ", entry size " + size
            + " bytes, limit " + limit + " bytes")
        .setRaftEntryTooLarge(Errorpb.RaftEntryTooLarge.newBuilder().setRegionId(regionId).setEntrySize(size))
        .build();
  }

  public static Errorpb.Error storeNotMatch(long requested, long actual) {
    return Errorpb.Error.newBuilder()
        .setMessage("store not match: request for store " + requested + ", this is store " + actual)
        .setStoreNotMatch(Errorpb.StoreNotMatch.newBuilder().setRequestStoreId(requested).setActualStoreId(actual))
        .build();
  }

  /** A plain error with only a message (a malformed request, an engine failure). */
  public static Errorpb.Error other(String message) {
    return Errorpb.Error.newBuilder().setMessage(message).build();
  }

  /** A response that carries only {@code error}. */
  public static RaftCmdResponse response(Errorpb.Error error, long currentTerm) {
    return RaftCmdResponse.newBuilder()
        .setHeader(RaftResponseHeader.newBuilder().setError(error).setCurrentTerm(currentTerm)).build();
  }

  public static CmdResult result(Errorpb.Error error) {
    return new CmdResult(response(error, 0), null);
  }
}
