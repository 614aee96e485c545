package io.kiln.pd.cluster;

import com.google.protobuf.ByteString;
import io.kiln.proto.Metapb;
import java.util.List;

/** Builders for regions, peers and stores in tests. Keys are strings ("" = unbounded). */
public final class TestRegions {

  private TestRegions() {}

  public static ByteString key(String key) {
    return ByteString.copyFromUtf8(key);
  }

  public static Metapb.Peer peer(long id, long storeId) {
    return Metapb.Peer.newBuilder().setId(id).setStoreId(storeId).build();
  }

  /** Region {@code id} over {@code [start, end)} at the given epoch with {@code peers}. */
  public static Metapb.Region region(long id, String start, String end, long confVer, long version, Metapb.Peer... peers) {
    return Metapb.Region.newBuilder()
        .setId(id)
        .setStartKey(key(start))
        .setEndKey(key(end))
        .setRegionEpoch(Metapb.RegionEpoch.newBuilder().setConfVer(confVer).setVersion(version))
        .addAllPeers(List.of(peers))
        .build();
  }

  public static RegionInfo info(Metapb.Region region, Metapb.Peer leader, long term) {
    return new RegionInfo(region, leader, List.of(), List.of(), term, 0, 0);
  }

  /** The region with its first peer as leader, term 1. */
  public static RegionInfo led(Metapb.Region region) {
    return info(region, region.getPeers(0), 1);
  }

  public static Metapb.Store store(long id, String address) {
    return Metapb.Store.newBuilder().setId(id).setAddress(address).setVersion("5.0.0").build();
  }
}
