package io.kiln.raftstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.engine.Cf;
import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.engine.RaftLogBatch;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.proto.RaftServerpb.RaftLocalState;
import io.kiln.proto.RaftServerpb.RaftTruncatedState;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import io.kiln.proto.RaftServerpb.StoreIdent;
import io.kiln.raftstore.peer.PeerStorage;

/**
 * Writes what a new store and the cluster's first region start from, as TiKV does: the store's
 * identity under {@code 0x01 0x01}; for the first region, RegionLocalState and RaftApplyState in
 * CF raft of the kv engine and RaftLocalState in the raft engine, with the log starting at index
 * and term 5 (so the region is initialized and every peer starts from the same place).
 */
public final class StoreBootstrap {

  private StoreBootstrap() {}

  /**
   * Marks an empty engine as store {@code storeId} of cluster {@code clusterId}.
   *
   * @throws IllegalStateException if the engine already belongs to a store
   */
  public static void bootstrapStore(KvEngine kv, long clusterId, long storeId) {
    StoreIdent existing = storeIdent(kv);
    if (existing != null) {
      throw new IllegalStateException("engine already belongs to store " + existing.getStoreId()
          + " of cluster " + existing.getClusterId());
    }
    if (clusterId <= 0 || storeId <= 0) {
      throw new IllegalArgumentException("cluster id and store id must be positive");
    }
    try (WriteBatch wb = kv.newWriteBatch()) {
      wb.put(Cf.DEFAULT, RaftEngineKeys.STORE_IDENT_KEY,
          StoreIdent.newBuilder().setClusterId(clusterId).setStoreId(storeId).build().toByteArray());
      kv.write(wb, true);
    }
  }

  /** The store's identity, or null if the engine was never bootstrapped. */
  public static StoreIdent storeIdent(KvEngine kv) {
    byte[] b = kv.get(Cf.DEFAULT, RaftEngineKeys.STORE_IDENT_KEY);
    if (b == null) {
      return null;
    }
    try {
      return StoreIdent.parseFrom(b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupted store identity", e);
    }
  }

  /** Writes the first region's initial state on this store (one of its peers lives here). */
  public static void bootstrapFirstRegion(KvEngine kv, RaftEngine raft, Region region) {
    if (region.getPeersCount() == 0) {
      throw new IllegalArgumentException("the first region needs at least one peer");
    }
    long id = region.getId();
    if (kv.get(Cf.RAFT, RaftEngineKeys.regionStateKey(id)) != null) {
      throw new IllegalStateException("region " + id + " already exists on this store");
    }
    RaftLocalState raftState = RaftLocalState.newBuilder()
        .setHardState(HardState.newBuilder().setTerm(PeerStorage.RAFT_INIT_LOG_TERM)
            .setCommit(PeerStorage.RAFT_INIT_LOG_INDEX))
        .setLastIndex(PeerStorage.RAFT_INIT_LOG_INDEX).build();
    RaftApplyState applyState = RaftApplyState.newBuilder()
        .setAppliedIndex(PeerStorage.RAFT_INIT_LOG_INDEX)
        .setCommitIndex(PeerStorage.RAFT_INIT_LOG_INDEX).setCommitTerm(PeerStorage.RAFT_INIT_LOG_TERM)
        .setTruncatedState(RaftTruncatedState.newBuilder().setIndex(PeerStorage.RAFT_INIT_LOG_INDEX)
            .setTerm(PeerStorage.RAFT_INIT_LOG_TERM)).build();
    try (RaftLogBatch rb = raft.newBatch()) {
      rb.putRaftState(id, raftState.toByteArray());
      raft.consume(rb, true);
    }
    try (WriteBatch wb = kv.newWriteBatch()) {
      wb.put(Cf.RAFT, RaftEngineKeys.applyStateKey(id), applyState.toByteArray());
      wb.put(Cf.RAFT, RaftEngineKeys.regionStateKey(id),
          RegionLocalState.newBuilder().setState(PeerState.Normal).setRegion(region).build().toByteArray());
      kv.write(wb, true);
    }
  }

  /** Ids of every region this store holds a (non-tombstone) state for, in key order. */
  public static java.util.List<Long> regionIds(KvEngine kv) {
    java.util.List<Long> ids = new java.util.ArrayList<>();
    try (io.kiln.engine.EngineIterator it = kv.iterator(Cf.RAFT, RaftEngineKeys.regionMetaMinKey(),
        RaftEngineKeys.regionMetaMaxKey())) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        if (RegionLocalState.parseFrom(it.value()).getState() != PeerState.Tombstone) {
          ids.add(RaftEngineKeys.regionIdOfMetaKey(it.key()));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupted region state", e);
    }
    return ids;
  }

  /** The region as this store last recorded it. */
  public static Region region(KvEngine kv, long regionId) {
    byte[] b = kv.get(Cf.RAFT, RaftEngineKeys.regionStateKey(regionId));
    if (b == null) {
      throw new IllegalStateException("no region " + regionId + " on this store");
    }
    try {
      return RegionLocalState.parseFrom(b).getRegion();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupted state of region " + regionId, e);
    }
  }

  /** Removes a region prepared by {@link #bootstrapFirstRegion} that PD did not accept. */
  public static void clearRegion(KvEngine kv, RaftEngine raft, long regionId) {
    try (RaftLogBatch rb = raft.newBatch()) {
      raft.clean(regionId, rb);
      raft.consume(rb, true);
    }
    try (WriteBatch wb = kv.newWriteBatch()) {
      wb.delete(Cf.RAFT, RaftEngineKeys.regionStateKey(regionId));
      wb.delete(Cf.RAFT, RaftEngineKeys.applyStateKey(regionId));
      kv.write(wb, true);
    }
  }
}
