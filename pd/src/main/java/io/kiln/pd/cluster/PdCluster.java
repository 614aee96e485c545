package io.kiln.pd.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.pd.clock.PdClock;
import io.kiln.pd.id.IdAllocator;
import io.kiln.pd.storage.MetaKeys;
import io.kiln.pd.storage.MetaStorage;
import io.kiln.pd.storage.MetaWrite;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as PD manages it (PD's RaftCluster): whether and how it was bootstrapped, its
 * configuration, its stores ({@link StoreRegistry}) and its regions ({@link RegionRegistry}),
 * and the split protocol. The gRPC layer calls into it; schedulers see it as a {@link
 * ClusterView}.
 */
public final class PdCluster implements ClusterView {

  private static final Logger LOG = LoggerFactory.getLogger(PdCluster.class);

  private final long clusterId;
  private final MetaStorage storage;
  private final PdClock clock;
  private final IdAllocator ids;
  private final int defaultMaxReplicas;
  private final long storeDisconnectMillis;
  private final StoreRegistry stores;
  private final RegionRegistry regions;
  /** The cluster's metadata; null until bootstrapped. */
  private volatile Metapb.Cluster meta;

  /**
   * @param defaultMaxReplicas the max_peer_count written at bootstrap
   * @param storeDisconnectMillis a store without a heartbeat for longer gets no new replicas
   */
  public PdCluster(long clusterId, MetaStorage storage, PdClock clock, IdAllocator ids,
      int defaultMaxReplicas, long storeDisconnectMillis) {
    if (defaultMaxReplicas < 1) {
      throw new IllegalArgumentException("max replicas must be at least 1: " + defaultMaxReplicas);
    }
    this.clusterId = clusterId;
    this.storage = Objects.requireNonNull(storage, "storage");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.defaultMaxReplicas = defaultMaxReplicas;
    this.storeDisconnectMillis = storeDisconnectMillis;
    this.stores = new StoreRegistry(storage, clock);
    this.regions = new RegionRegistry(storage);
  }

  /** Loads everything persisted: bootstrap state, configuration, stores, regions. */
  public synchronized void load() {
    byte[] saved = storage.get(MetaKeys.CLUSTER);
    meta = saved == null ? null : parseCluster(saved);
    stores.load();
    regions.load();
  }

  public long clusterId() {
    return clusterId;
  }

  public boolean isBootstrapped() {
    return meta != null;
  }

  public StoreRegistry stores() {
    return stores;
  }

  public RegionRegistry regions() {
    return regions;
  }

  /**
   * Bootstraps the cluster with its first store and first region (which must cover the whole
   * key space with one peer on that store), atomically.
   *
   * @throws PdException ALREADY_BOOTSTRAPPED the second time; UNKNOWN for an invalid request
   */
  public synchronized void bootstrap(Metapb.Store store, Metapb.Region region) {
    if (meta != null) {
      throw new PdException(Pdpb.ErrorType.ALREADY_BOOTSTRAPPED, "cluster is already bootstrapped");
    }
    checkBootstrapRequest(store, region);
    Metapb.Cluster cluster = Metapb.Cluster.newBuilder()
        .setId(clusterId)
        .setMaxPeerCount(defaultMaxReplicas)
        .build();
    storage.write(List.of(
        MetaWrite.put(MetaKeys.store(store.getId()), store.toByteArray()),
        MetaWrite.put(MetaKeys.region(region.getId()), region.toByteArray()),
        MetaWrite.put(MetaKeys.CLUSTER, cluster.toByteArray())));
    stores.load();
    regions.load();
    meta = cluster;
    LOG.info("cluster {} bootstrapped with store {} at {} and region {}",
        Long.toUnsignedString(clusterId), store.getId(), store.getAddress(), region.getId());
  }

  /** The cluster's metadata (id, max_peer_count). */
  public Metapb.Cluster config() {
    Metapb.Cluster current = meta;
    if (current == null) {
      throw PdException.notBootstrapped();
    }
    return current;
  }

  /** PutClusterConfig: replaces the cluster's metadata (the id must be this cluster's). */
  public synchronized void putConfig(Metapb.Cluster cluster) {
    config();
    if (cluster.getId() != clusterId) {
      throw PdException.unknown("invalid cluster config: cluster id " + Long.toUnsignedString(cluster.getId())
          + " is not " + Long.toUnsignedString(clusterId));
    }
    storage.put(MetaKeys.CLUSTER, cluster.toByteArray());
    meta = cluster;
    LOG.info("cluster config is now max_peer_count={}", cluster.getMaxPeerCount());
  }

  /**
   * AskBatchSplit: a new region id and new peer ids (one per peer of {@code region}) for each of
   * {@code splitCount} new regions.
   *
   * @throws PdException REGION_NOT_FOUND when PD knows no region at the region's start key;
   *     UNKNOWN when the request's epoch is behind PD's
   */
  public List<Pdpb.SplitID> askBatchSplit(Metapb.Region region, int splitCount) {
    RegionInfo current = regions.byKey(region.getStartKey());
    if (current == null) {
      throw new PdException(Pdpb.ErrorType.REGION_NOT_FOUND, "region not found, request region: " + region.getId());
    }
    Metapb.RegionEpoch asked = region.getRegionEpoch();
    Metapb.RegionEpoch known = current.epoch();
    if (asked.getVersion() < known.getVersion() || asked.getConfVer() < known.getConfVer()) {
      throw PdException.unknown("invalid region epoch, request: (conf_ver " + asked.getConfVer() + ", version "
          + asked.getVersion() + "), current: (conf_ver " + known.getConfVer() + ", version "
          + known.getVersion() + ")");
    }
    List<Pdpb.SplitID> splits = new ArrayList<>();
    for (int i = 0; i < splitCount; i++) {
      Pdpb.SplitID.Builder split = Pdpb.SplitID.newBuilder().setNewRegionId(ids.alloc());
      for (int p = 0; p < region.getPeersCount(); p++) {
        split.addNewPeerIds(ids.alloc());
      }
      splits.add(split.build());
    }
    return splits;
  }

  /**
   * ReportBatchSplit: records the regions of a finished split (consecutive ranges, the original
   * region last), so routing knows them before their first heartbeat. Their leader is taken to
   * be their peer on the original leader's store (the next heartbeat corrects it). A region
   * that PD already knows in a newer form is left alone.
   *
   * @throws PdException UNKNOWN when the regions are fewer than two or not consecutive
   */
  public void reportBatchSplit(List<Metapb.Region> split) {
    checkSplitRegions(split);
    Metapb.Region origin = split.get(split.size() - 1);
    RegionInfo known = regions.byId(origin.getId());
    long leaderStore = known == null || known.leader() == null ? 0 : known.leader().getStoreId();
    for (Metapb.Region region : split) {
      RegionInfo info = RegionInfo.of(region);
      Metapb.Peer leader = leaderStore == 0 ? null : info.peerOnStore(leaderStore);
      long term = region.getId() == origin.getId() && known != null ? known.term() : 0;
      try {
        regions.put(new RegionInfo(region, leader, List.of(), List.of(), term, 0, 0));
      } catch (PdException stale) {
        LOG.debug("split report of region {} ignored: {}", region.getId(), stale.getMessage());
      }
    }
    LOG.info("region {} split into {}", origin.getId(), split.stream().map(Metapb.Region::getId).toList());
  }

  @Override
  public int maxReplicas() {
    Metapb.Cluster current = meta;
    return current == null || current.getMaxPeerCount() == 0 ? defaultMaxReplicas : current.getMaxPeerCount();
  }

  @Override
  public List<StoreInfo> liveStores() {
    long now = clock.nowMillis();
    return stores.all().stream().filter(s -> s.isLive(now, storeDisconnectMillis)).toList();
  }

  @Override
  public StoreInfo store(long storeId) {
    return stores.get(storeId);
  }

  @Override
  public Map<Long, Integer> peerCountByStore() {
    return regions.peerCountByStore();
  }

  @Override
  public long allocId() {
    return ids.alloc();
  }

  private static void checkBootstrapRequest(Metapb.Store store, Metapb.Region region) {
    if (store.getId() == 0) {
      throw PdException.unknown("invalid bootstrap request: store id is 0");
    }
    if (region.getId() == 0) {
      throw PdException.unknown("invalid bootstrap request: region id is 0");
    }
    if (!region.getStartKey().isEmpty() || !region.getEndKey().isEmpty()) {
      throw PdException.unknown("invalid bootstrap request: the first region must cover all keys");
    }
    if (region.getPeersCount() != 1) {
      throw PdException.unknown("invalid bootstrap request: the first region has "
          + region.getPeersCount() + " peers, must have 1");
    }
    Metapb.Peer peer = region.getPeers(0);
    if (peer.getStoreId() != store.getId()) {
      throw PdException.unknown("invalid bootstrap request: peer store id " + peer.getStoreId()
          + " is not store " + store.getId());
    }
    if (peer.getId() == 0) {
      throw PdException.unknown("invalid bootstrap request: peer id is 0");
    }
  }

  private static void checkSplitRegions(List<Metapb.Region> split) {
    if (split.size() < 2) {
      throw PdException.unknown("invalid split report: " + split.size() + " regions, need at least 2");
    }
    for (int i = 1; i < split.size(); i++) {
      Metapb.Region left = split.get(i - 1);
      Metapb.Region right = split.get(i);
      boolean consecutive = left.getEndKey().equals(right.getStartKey());
      boolean ordered = right.getEndKey().isEmpty()
          || RegionTree.KEY_ORDER.compare(left.getStartKey(), right.getEndKey()) <= 0;
      if (!consecutive || !ordered) {
        throw PdException.unknown("invalid split report: region " + left.getId() + " and region "
            + right.getId() + " are not consecutive");
      }
    }
  }

  private static Metapb.Cluster parseCluster(byte[] bytes) {
    try {
      return Metapb.Cluster.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupted cluster metadata in PD storage", e);
    }
  }
}
