package io.kiln.testkit.client;

import com.google.protobuf.ByteString;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.raftstore.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a client believes about the regions: which region holds a key (by start key) and which
 * store last led each one. Learned from the stores' answers (EpochNotMatch carries the current
 * regions) and refreshed from the stores themselves; never authoritative. Thread-safe.
 */
final class RegionCache {

  private final NavigableMap<ByteString, Region> byStart =
      new TreeMap<>(ByteString.unsignedLexicographicalComparator());
  private final Map<Long, Long> leaders = new HashMap<>();

  RegionCache(Region first) {
    byStart.put(first.getStartKey(), first);
  }

  /** The cached region holding {@code key}, or null when the cache has a gap there. */
  synchronized Region locate(ByteString key) {
    Map.Entry<ByteString, Region> e = byStart.floorEntry(key);
    if (e == null || !Keys.inRegion(key, e.getValue())) {
      return null;
    }
    return e.getValue();
  }

  synchronized List<Region> all() {
    return new ArrayList<>(byStart.values());
  }

  /**
   * Takes {@code region} if it is at least as new as every cached region it overlaps; those
   * regions are dropped (a split or merge changed the ranges).
   */
  synchronized void update(Region region) {
    List<ByteString> overlapping = new ArrayList<>();
    for (Region r : byStart.values()) {
      if (overlaps(r, region)) {
        if (r.getId() == region.getId() && isOlder(region.getRegionEpoch(), r.getRegionEpoch())) {
          return;
        }
        overlapping.add(r.getStartKey());
      }
    }
    for (ByteString start : overlapping) {
      Region dropped = byStart.remove(start);
      if (dropped.getId() != region.getId()) {
        leaders.remove(dropped.getId());
      }
    }
    byStart.put(region.getStartKey(), region);
  }

  synchronized void leader(long regionId, long storeId) {
    leaders.put(regionId, storeId);
  }

  synchronized OptionalLong leader(long regionId) {
    Long s = leaders.get(regionId);
    return s == null ? OptionalLong.empty() : OptionalLong.of(s);
  }

  synchronized void forgetLeader(long regionId, long storeId) {
    leaders.remove(regionId, storeId);
  }

  static boolean isOlder(RegionEpoch a, RegionEpoch b) {
    return a.getVersion() < b.getVersion()
        || (a.getVersion() == b.getVersion() && a.getConfVer() < b.getConfVer());
  }

  private static boolean overlaps(Region a, Region b) {
    return endsAfter(a, b.getStartKey()) && endsAfter(b, a.getStartKey());
  }

  /** True if region {@code r} ends after {@code key} (contains something at or past it). */
  private static boolean endsAfter(Region r, ByteString key) {
    return r.getEndKey().isEmpty()
        || ByteString.unsignedLexicographicalComparator().compare(r.getEndKey(), key) > 0;
  }
}
