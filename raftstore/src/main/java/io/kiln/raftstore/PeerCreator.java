package io.kiln.raftstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.proto.RaftServerpb.RaftLocalState;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import io.kiln.raftstore.apply.ApplyFsm;
import io.kiln.raftstore.peer.PeerFsm;
import io.kiln.raftstore.peer.PeerStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-level decision TiKV's StoreFsm makes for a message to a region the store does not
 * hold: when a leader's first message reaches a peer it just added by a membership change, the
 * store creates that peer, uninitialized (no range, no members, an empty log) until the
 * leader's snapshot initializes it. Messages that cannot start a peer (not vote, heartbeat or
 * snapshot) and messages to a peer this store already removed (a tombstone at the same or a
 * newer membership) are dropped. Serialized: two messages never create the same peer twice.
 */
final class PeerCreator {

  private static final Logger LOG = LoggerFactory.getLogger(PeerCreator.class);

  private final RaftStore store;

  PeerCreator(RaftStore store) {
    this.store = store;
  }

  synchronized PeerFsm maybeCreate(RaftMessage msg) {
    long regionId = msg.getRegionId();
    StoreContext ctx = store.context();
    if (store.hasPeer(regionId)) {
      return store.peerFsm(regionId);
    }
    if (!canStartPeer(msg.getMessage()) || msg.getIsTombstone()) {
      LOG.debug("store {} drops {} for unknown region {}", ctx.storeId(), msg.getMessage().getMsgType(), regionId);
      return null;
    }
    byte[] st = ctx.kv().get(Cf.RAFT, RaftEngineKeys.regionStateKey(regionId));
    if (st != null) {
      try {
        RegionLocalState local = RegionLocalState.parseFrom(st);
        if (local.getState() == PeerState.Tombstone
            && msg.getRegionEpoch().getConfVer() <= local.getRegion().getRegionEpoch().getConfVer()) {
          LOG.debug("store {} drops a stale message for removed region {}", ctx.storeId(), regionId);
          return null;
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("store " + ctx.storeId() + ": corrupted state of region " + regionId, e);
      }
    }
    Region region = Region.newBuilder().setId(regionId).build();
    RaftApplyState applyState = RaftApplyState.getDefaultInstance();
    // A vote this peer cast before a restart still binds it: keep the persisted hard state.
    RaftLocalState raftState = RaftLocalState.getDefaultInstance();
    byte[] rs = ctx.raftEngine().raftState(regionId);
    if (rs != null) {
      try {
        raftState = RaftLocalState.newBuilder()
            .setHardState(RaftLocalState.parseFrom(rs).getHardState().toBuilder().setCommit(0)).build();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("store " + ctx.storeId() + ": corrupted raft state of region " + regionId, e);
      }
    }
    PeerStorage storage = new PeerStorage(regionId, region, ctx.raftEngine(), raftState, applyState);
    ApplyFsm apply = new ApplyFsm(msg.getToPeer().getId(), region, applyState, 0);
    long seed = store.nextPeerSeed();
    PeerFsm peer = new PeerFsm(ctx, msg.getToPeer(), storage, apply, 0, seed, () -> store.removePeer(regionId));
    store.addPeer(peer, apply);
    LOG.info("store {} creates peer {} of region {} on a message from peer {}", ctx.storeId(),
        msg.getToPeer().getId(), regionId, msg.getFromPeer().getId());
    return peer;
  }

  /** TiKV's {@code is_initial_msg}, plus the snapshot that will initialize the peer. */
  private static boolean canStartPeer(Message m) {
    MessageType t = m.getMsgType();
    return t == MessageType.MsgRequestVote || t == MessageType.MsgRequestPreVote
        || (t == MessageType.MsgHeartbeat && m.getCommit() == 0) || t == MessageType.MsgSnapshot;
  }
}
