package io.kiln.pd.cluster;

import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.List;
import java.util.Objects;

/**
 * What PD knows of a region: its metadata (persisted) and what its leader last reported (in
 * memory only). {@code leader} is null when no leader has reported yet (after bootstrap, a split
 * report or a restart of PD).
 */
public record RegionInfo(
    Metapb.Region meta,
    Metapb.Peer leader,
    List<Pdpb.PeerStats> downPeers,
    List<Metapb.Peer> pendingPeers,
    long term,
    long approximateSize,
    long approximateKeys) {

  public RegionInfo {
    Objects.requireNonNull(meta, "meta");
    downPeers = List.copyOf(downPeers);
    pendingPeers = List.copyOf(pendingPeers);
  }

  /** A region known only by its metadata. */
  public static RegionInfo of(Metapb.Region meta) {
    return new RegionInfo(meta, null, List.of(), List.of(), 0, 0, 0);
  }

  /** The region as its leader reports it in a heartbeat. */
  public static RegionInfo fromHeartbeat(Pdpb.RegionHeartbeatRequest request) {
    return new RegionInfo(
        request.getRegion(),
        request.hasLeader() ? request.getLeader() : null,
        request.getDownPeersList(),
        request.getPendingPeersList(),
        request.getTerm(),
        request.getApproximateSize(),
        request.getApproximateKeys());
  }

  public long id() {
    return meta.getId();
  }

  public Metapb.RegionEpoch epoch() {
    return meta.getRegionEpoch();
  }

  /** The peer of this region on {@code storeId}, or null. */
  public Metapb.Peer peerOnStore(long storeId) {
    for (Metapb.Peer peer : meta.getPeersList()) {
      if (peer.getStoreId() == storeId) {
        return peer;
      }
    }
    return null;
  }

  /** The peer with id {@code peerId}, or null. */
  public Metapb.Peer peer(long peerId) {
    for (Metapb.Peer peer : meta.getPeersList()) {
      if (peer.getId() == peerId) {
        return peer;
      }
    }
    return null;
  }

  /** The region in ScanRegions' extended form. */
  public Pdpb.Region toPdRegion() {
    Pdpb.Region.Builder region = Pdpb.Region.newBuilder()
        .setRegion(meta)
        .addAllDownPeers(downPeers)
        .addAllPendingPeers(pendingPeers);
    if (leader != null) {
      region.setLeader(leader);
    }
    return region.build();
  }
}
