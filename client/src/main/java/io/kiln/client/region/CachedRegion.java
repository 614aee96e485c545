package io.kiln.client.region;

import io.kiln.client.codec.Keys;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;

/**
 * A region in the cache: PD's metadata, the leader requests go to (null when unknown), and the
 * boundaries as user keys ({@code startKey} inclusive, {@code endKey} exclusive, empty = open).
 */
public record CachedRegion(Metapb.Region meta, Metapb.Peer leader, byte[] startKey, byte[] endKey) {

  public long id() {
    return meta.getId();
  }

  public boolean contains(byte[] key) {
    return Keys.inRange(key, startKey, endKey);
  }

  /** True when this region's end is the end of the key space or at/after {@code end} (non-empty). */
  public boolean reaches(byte[] end) {
    return endKey.length == 0 || (end.length > 0 && !Keys.less(endKey, end));
  }

  /** The request context for this region's leader. */
  public Kvrpcpb.Context context() {
    Kvrpcpb.Context.Builder b = Kvrpcpb.Context.newBuilder().setRegionId(meta.getId())
        .setRegionEpoch(meta.getRegionEpoch());
    if (leader != null) {
      b.setPeer(leader);
    }
    return b.build();
  }

  /** The same region with another leader. */
  public CachedRegion withLeader(Metapb.Peer newLeader) {
    return new CachedRegion(meta, newLeader, startKey, endKey);
  }

  /** This region's peer on {@code storeId}, or null. */
  public Metapb.Peer peerOnStore(long storeId) {
    for (Metapb.Peer p : meta.getPeersList()) {
      if (p.getStoreId() == storeId) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "region " + meta.getId() + " [" + Keys.show(startKey) + ", " + Keys.show(endKey) + ") epoch "
        + meta.getRegionEpoch().getConfVer() + "/" + meta.getRegionEpoch().getVersion()
        + (leader == null ? " no leader" : " leader " + leader.getId() + "@store" + leader.getStoreId());
  }
}
