package io.kiln.raftstore.apply;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.PeerRole;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.AdminCmdType;
import io.kiln.proto.RaftCmdpb.AdminResponse;
import io.kiln.proto.RaftCmdpb.ChangePeerRequest;
import io.kiln.proto.RaftCmdpb.ChangePeerResponse;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import io.kiln.raft.ConfChanges;
import io.kiln.raftstore.RegionErrors;
import java.util.List;

/**
 * Applies a single-step membership change (admin {@code ChangePeer}, entry type
 * EntryConfChange, the RaftCmdRequest in the ConfChange's context, as TiKV encodes it): checks
 * the epoch, updates the region's peers, bumps {@code conf_ver}, and writes the new
 * RegionLocalState in the apply batch. A change that fails its checks fails on every replica
 * alike and leaves raft's membership as it was.
 */
final class ConfChangeExecutor {

  private ConfChangeExecutor() {}


  static AdminOutcome apply(ApplyFsm fsm, Entry e, WriteBatch wb) {
    ConfChange cc;
    RaftCmdRequest cmd;
    try {
      cc = ConfChange.parseFrom(e.getData());
      cmd = RaftCmdRequest.parseFrom(cc.getContext());
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException(fsm + ": entry " + e.getIndex() + " is not a ChangePeer conf change", ex);
    }
    Region region = fsm.region;
    var want = cmd.getHeader().getRegionEpoch();
    var have = region.getRegionEpoch();
    if (want.getConfVer() != have.getConfVer() || want.getVersion() != have.getVersion()) {
      return failed(RegionErrors.epochNotMatch("conf change for epoch " + want.getConfVer() + "/"
          + want.getVersion() + ", region is at " + have.getConfVer() + "/" + have.getVersion(),
          List.of(region)), e.getTerm());
    }
    ChangePeerRequest req = cmd.getAdminRequest().getChangePeer();
    Peer peer = req.getPeer();
    Peer existing = region.getPeersList().stream().filter(p -> p.getStoreId() == peer.getStoreId())
        .findFirst().orElse(null);
    Region.Builder next = region.toBuilder();
    switch (req.getChangeType()) {
      case AddNode -> {
        if (existing != null && (existing.getId() != peer.getId() || existing.getRole() != PeerRole.Learner)) {
          return failed(RegionErrors.other("store " + peer.getStoreId() + " already has peer "
              + existing.getId() + " of region " + region.getId()), e.getTerm());
        }
        next.clearPeers();
        for (Peer p : region.getPeersList()) {
          if (p.getStoreId() != peer.getStoreId()) {
            next.addPeers(p);
          }
        }
        next.addPeers(peer.toBuilder().setRole(PeerRole.Voter));
      }
      case AddLearnerNode -> {
        if (existing != null) {
          return failed(RegionErrors.other("store " + peer.getStoreId() + " already has peer "
              + existing.getId() + " of region " + region.getId()), e.getTerm());
        }
        next.addPeers(peer.toBuilder().setRole(PeerRole.Learner));
      }
      case RemoveNode -> {
        if (existing == null || existing.getId() != peer.getId()) {
          return failed(RegionErrors.other("peer " + peer.getId() + " is not a member of region "
              + region.getId()), e.getTerm());
        }
        next.clearPeers();
        for (Peer p : region.getPeersList()) {
          if (p.getId() != peer.getId()) {
            next.addPeers(p);
          }
        }
      }
      default -> {
        return failed(RegionErrors.other("unknown change type " + req.getChangeType()), e.getTerm());
      }
    }
    next.setRegionEpoch(have.toBuilder().setConfVer(have.getConfVer() + 1));
    Region updated = next.build();
    fsm.region = updated;
    boolean removedSelf = updated.getPeersList().stream().noneMatch(p -> p.getId() == fsm.peerId);
    fsm.pendingRemove = removedSelf;
    wb.put(Cf.RAFT, RaftEngineKeys.regionStateKey(fsm.regionId), RegionLocalState.newBuilder()
        .setState(removedSelf ? PeerState.Tombstone : PeerState.Normal).setRegion(updated).build().toByteArray());
    RaftCmdResponse resp = RaftCmdResponse.newBuilder()
        .setHeader(RaftResponseHeader.newBuilder().setCurrentTerm(e.getTerm()))
        .setAdminResponse(AdminResponse.newBuilder().setCmdType(AdminCmdType.ChangePeer)
            .setChangePeer(ChangePeerResponse.newBuilder().setRegion(updated))).build();
    return new AdminOutcome(resp, new ExecResult.ChangePeer(ConfChanges.fromV1(cc), updated));
  }

  private static AdminOutcome failed(Errorpb.Error err, long term) {
    return new AdminOutcome(RegionErrors.response(err, term), null);
  }
}
