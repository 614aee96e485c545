package io.kiln.server.pd;

import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.proto.Metapb;
import io.kiln.proto.RaftServerpb.StoreIdent;
import io.kiln.raftstore.StoreBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's first contact with PD (TiKV's {@code Node::start}): an empty engine gets a store id
 * from PD and is marked as that store of PD's cluster; if the cluster is not bootstrapped yet,
 * this store creates the first region (one peer, here) and bootstraps the cluster with it, and
 * PD's replica checker adds the other replicas later. If another store won the race, the
 * prepared region is removed again. Then the store (re)registers its address and version.
 */
public final class PdBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(PdBootstrap.class);

  /** The version stores report: TiKV's clients choose their protocol by it (4.0.0 or later). */
  public static final String STORE_VERSION = "5.0.0";

  private PdBootstrap() {}

  /** Returns this store's id. */
  public static long start(PdStoreClient pd, KvEngine kv, RaftEngine raft, String address, String statusAddress) {
    long clusterId = pd.clusterId();
    StoreIdent ident = StoreBootstrap.storeIdent(kv);
    long storeId;
    if (ident == null) {
      storeId = pd.allocId();
      StoreBootstrap.bootstrapStore(kv, clusterId, storeId);
      LOG.info("new store {} in cluster {}", storeId, clusterId);
    } else {
      if (ident.getClusterId() != clusterId) {
        throw new IllegalStateException("this data directory belongs to cluster " + ident.getClusterId()
            + ", but PD serves cluster " + clusterId + ": start with an empty data directory or the right PD");
      }
      storeId = ident.getStoreId();
    }
    Metapb.Store store = Metapb.Store.newBuilder().setId(storeId).setAddress(address)
        .setPeerAddress(address).setStatusAddress(statusAddress == null ? "" : statusAddress)
        .setVersion(STORE_VERSION).setStartTimestamp(System.currentTimeMillis() / 1000)
        .setState(Metapb.StoreState.Up).build();
    if (!pd.isBootstrapped()) {
      bootstrapCluster(pd, kv, raft, store);
    }
    pd.putStore(store);
    return storeId;
  }

  private static void bootstrapCluster(PdStoreClient pd, KvEngine kv, RaftEngine raft, Metapb.Store store) {
    if (!StoreBootstrap.regionIds(kv).isEmpty()) {
      // a previous attempt prepared the region; PD was not told (or lost the race)
      LOG.info("store {} retries the cluster bootstrap with its prepared region", store.getId());
    } else {
      long regionId = pd.allocId();
      long peerId = pd.allocId();
      Metapb.Region region = Metapb.Region.newBuilder().setId(regionId)
          .setRegionEpoch(Metapb.RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
          .addPeers(Metapb.Peer.newBuilder().setId(peerId).setStoreId(store.getId())).build();
      StoreBootstrap.bootstrapFirstRegion(kv, raft, region);
    }
    Metapb.Region region = StoreBootstrap.region(kv, StoreBootstrap.regionIds(kv).get(0));
    if (pd.bootstrap(store, region)) {
      LOG.info("store {} bootstrapped the cluster with region {}", store.getId(), region.getId());
    } else {
      LOG.info("another store bootstrapped the cluster first; store {} drops its prepared region {}",
          store.getId(), region.getId());
      StoreBootstrap.clearRegion(kv, raft, region.getId());
    }
  }
}
