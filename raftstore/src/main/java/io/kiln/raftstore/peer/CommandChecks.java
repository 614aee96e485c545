package io.kiln.raftstore.peer;

import com.google.protobuf.ByteString;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftRequestHeader;
import io.kiln.proto.RaftCmdpb.Request;
import io.kiln.raftstore.RegionErrors;
import java.util.List;

/**
 * The checks a command passes before a peer proposes or reads it (TiKV's {@code
 * pre_propose_raft_command}), in TiKV's order, each failing with the error a client acts on.
 */
final class CommandChecks {

  private CommandChecks() {}

  /** The first error {@code cmd} runs into on this peer, or null when it may proceed. */
  static Errorpb.Error check(PeerFsm peer, RaftCmdRequest cmd) {
    RaftRequestHeader h = cmd.getHeader();
    long storeId = peer.ctx.storeId();
    if (h.getPeer().getStoreId() != storeId) {
      return RegionErrors.storeNotMatch(h.getPeer().getStoreId(), storeId);
    }
    if (!peer.raw.isLeader()) {
      return RegionErrors.notLeader(peer.regionId, peer.leaderPeer());
    }
    if (h.getPeer().getId() != peer.self.getId()) {
      return RegionErrors.other("mismatch peer id " + h.getPeer().getId() + " != " + peer.self.getId());
    }
    if (h.getTerm() != 0 && peer.raw.term() > h.getTerm() + 1) {
      return RegionErrors.staleCommand("request term " + h.getTerm() + ", current term " + peer.raw.term());
    }
    Region region = peer.storage.region();
    if (h.hasRegionEpoch()) {
      RegionEpoch want = h.getRegionEpoch();
      RegionEpoch have = region.getRegionEpoch();
      boolean admin = cmd.hasAdminRequest();
      if (want.getVersion() != have.getVersion() || (admin && want.getConfVer() != have.getConfVer())) {
        return RegionErrors.epochNotMatch("request epoch " + epoch(want) + ", region " + region.getId()
            + " epoch " + epoch(have), List.of(region));
      }
    }
    for (Request r : cmd.getRequestsList()) {
      ByteString key = keyOf(r);
      if (key != null && !io.kiln.raftstore.Keys.inRegion(key, region)) {
        return RegionErrors.keyNotInRegion(key.toByteArray(), region);
      }
    }
    return null;
  }

  /** True if every request only reads (Get, Snap); false if any writes. */
  static boolean readOnly(RaftCmdRequest cmd) {
    for (Request r : cmd.getRequestsList()) {
      switch (r.getCmdType()) {
        case Get, Snap -> { }
        default -> { return false; }
      }
    }
    return true;
  }

  /** A reason why {@code cmd} cannot be served at all, or null. */
  static String malformed(RaftCmdRequest cmd) {
    if (cmd.hasAdminRequest() && cmd.getRequestsCount() > 0) {
      return "a command carries either requests or an admin request, not both";
    }
    if (!cmd.hasAdminRequest() && !cmd.hasStatusRequest() && cmd.getRequestsCount() == 0) {
      return "empty command: no requests";
    }
    boolean reads = false;
    boolean writes = false;
    for (Request r : cmd.getRequestsList()) {
      switch (r.getCmdType()) {
        case Get, Snap -> reads = true;
        case Put, Delete, DeleteRange -> writes = true;
        default -> { return "request type " + r.getCmdType() + " is not supported"; }
      }
    }
    if (reads && writes) {
      return "a command may not mix reads and writes";
    }
    return null;
  }

  private static ByteString keyOf(Request r) {
    return switch (r.getCmdType()) {
      case Get -> r.getGet().getKey();
      case Put -> r.getPut().getKey();
      case Delete -> r.getDelete().getKey();
      case DeleteRange -> r.getDeleteRange().getStartKey();
      default -> null;
    };
  }

  private static String epoch(RegionEpoch e) {
    return "{conf_ver " + e.getConfVer() + ", version " + e.getVersion() + "}";
  }
}
