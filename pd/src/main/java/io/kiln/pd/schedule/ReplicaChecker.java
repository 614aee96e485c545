package io.kiln.pd.schedule;

import io.kiln.pd.cluster.ClusterView;
import io.kiln.pd.cluster.RegionInfo;
import io.kiln.pd.cluster.StoreInfo;
import io.kiln.proto.Metapb;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every region at the cluster's replica count (PD's replica checker, its basic rules):
 *
 * <ul>
 *   <li>fewer peers than max-replicas: add a voter on a live store that holds none of the
 *       region's peers, preferring the store with the fewest peers (then the lowest id); the new
 *       peer's id comes from the id allocator;
 *   <li>more peers than max-replicas: remove a follower, preferring one on a store that is not
 *       live, then one on the store with the most peers.
 * </ul>
 */
public final class ReplicaChecker implements RegionScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaChecker.class);

  @Override
  public String name() {
    return "replica-checker";
  }

  @Override
  public Optional<Operator> schedule(RegionInfo region, ClusterView cluster, long nowMillis) {
    int peers = region.meta().getPeersCount();
    int wanted = cluster.maxReplicas();
    if (peers < wanted) {
      return addReplica(region, cluster, nowMillis);
    }
    if (peers > wanted) {
      return removeExtraReplica(region, cluster, nowMillis);
    }
    return Optional.empty();
  }

  private Optional<Operator> addReplica(RegionInfo region, ClusterView cluster, long nowMillis) {
    Map<Long, Integer> load = cluster.peerCountByStore();
    Optional<StoreInfo> target = cluster.liveStores().stream()
        .filter(store -> region.peerOnStore(store.id()) == null)
        .min(Comparator.<StoreInfo>comparingInt(store -> load.getOrDefault(store.id(), 0))
            .thenComparingLong(StoreInfo::id));
    if (target.isEmpty()) {
      LOG.debug("region {} has {} of {} replicas but no live store can take another", region.id(),
          region.meta().getPeersCount(), cluster.maxReplicas());
      return Optional.empty();
    }
    Metapb.Peer peer = Metapb.Peer.newBuilder()
        .setId(cluster.allocId())
        .setStoreId(target.get().id())
        .setRole(Metapb.PeerRole.Voter)
        .build();
    return Optional.of(new Operator("add-replica", region.id(), region.epoch(),
        new OperatorStep.AddPeer(peer), nowMillis));
  }

  private Optional<Operator> removeExtraReplica(RegionInfo region, ClusterView cluster, long nowMillis) {
    Map<Long, Integer> load = cluster.peerCountByStore();
    Set<Long> live = new HashSet<>();
    for (StoreInfo store : cluster.liveStores()) {
      live.add(store.id());
    }
    long leaderId = region.leader() == null ? 0 : region.leader().getId();
    Optional<Metapb.Peer> victim = region.meta().getPeersList().stream()
        .filter(peer -> peer.getId() != leaderId)
        .min(Comparator.<Metapb.Peer>comparingInt(peer -> live.contains(peer.getStoreId()) ? 1 : 0)
            .thenComparing(Comparator.<Metapb.Peer>comparingInt(
                peer -> load.getOrDefault(peer.getStoreId(), 0)).reversed())
            .thenComparingLong(Metapb.Peer::getId));
    return victim.map(peer -> new Operator("remove-extra-replica", region.id(), region.epoch(),
        new OperatorStep.RemovePeer(peer), nowMillis));
  }
}
