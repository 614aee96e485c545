package io.kiln.pd.cluster;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Regions by key range: a sorted map from start key to region, where ranges never overlap (a
 * region put into the tree first removes every region it overlaps). Keys compare as unsigned
 * bytes; an empty end key means "to the end of the key space". Not thread-safe ({@link
 * RegionRegistry} guards it).
 */
final class RegionTree {

  static final Comparator<ByteString> KEY_ORDER = ByteString.unsignedLexicographicalComparator();

  private final NavigableMap<ByteString, RegionInfo> byStart = new TreeMap<>(KEY_ORDER);

  int size() {
    return byStart.size();
  }

  /** The region whose range contains {@code key}, or null. */
  RegionInfo find(ByteString key) {
    Map.Entry<ByteString, RegionInfo> floor = byStart.floorEntry(key);
    if (floor == null || !contains(floor.getValue(), key)) {
      return null;
    }
    return floor.getValue();
  }

  /**
   * The region just before the one containing {@code key} in key order, or null if no region
   * contains {@code key} or it is the first.
   */
  RegionInfo prev(ByteString key) {
    RegionInfo current = find(key);
    if (current == null) {
      return null;
    }
    Map.Entry<ByteString, RegionInfo> lower = byStart.lowerEntry(current.meta().getStartKey());
    return lower == null ? null : lower.getValue();
  }

  /** The regions overlapping {@code [start, end)} (empty end: unbounded), in key order. */
  List<RegionInfo> overlaps(ByteString start, ByteString end) {
    List<RegionInfo> result = new ArrayList<>();
    Map.Entry<ByteString, RegionInfo> floor = byStart.floorEntry(start);
    if (floor != null && contains(floor.getValue(), start)) {
      result.add(floor.getValue());
    }
    for (RegionInfo region : byStart.tailMap(start, false).values()) {
      if (!end.isEmpty() && KEY_ORDER.compare(region.meta().getStartKey(), end) >= 0) {
        break;
      }
      result.add(region);
    }
    return result;
  }

  /**
   * Regions from the one containing {@code start} (or the first after it) on, while their start
   * is below {@code end} (empty: unbounded), at most {@code limit} of them ({@code <= 0}: no
   * limit). ScanRegions' semantics.
   */
  List<RegionInfo> scan(ByteString start, ByteString end, int limit) {
    RegionInfo first = find(start);
    ByteString from = first == null ? start : first.meta().getStartKey();
    List<RegionInfo> result = new ArrayList<>();
    for (RegionInfo region : byStart.tailMap(from, true).values()) {
      if (!end.isEmpty() && KEY_ORDER.compare(region.meta().getStartKey(), end) >= 0) {
        break;
      }
      if (limit > 0 && result.size() >= limit) {
        break;
      }
      result.add(region);
    }
    return result;
  }

  /** Puts {@code region}, removing the regions it overlaps; returns those removed. */
  List<RegionInfo> put(RegionInfo region) {
    List<RegionInfo> overlapped = overlaps(region.meta().getStartKey(), region.meta().getEndKey());
    for (RegionInfo old : overlapped) {
      byStart.remove(old.meta().getStartKey());
    }
    byStart.put(region.meta().getStartKey(), region);
    return overlapped;
  }

  void clear() {
    byStart.clear();
  }

  /** Removes {@code region} if the tree holds it (same id at its start key). */
  void remove(RegionInfo region) {
    RegionInfo current = byStart.get(region.meta().getStartKey());
    if (current != null && current.id() == region.id()) {
      byStart.remove(region.meta().getStartKey());
    }
  }

  private static boolean contains(RegionInfo region, ByteString key) {
    ByteString end = region.meta().getEndKey();
    return KEY_ORDER.compare(region.meta().getStartKey(), key) <= 0
        && (end.isEmpty() || KEY_ORDER.compare(key, end) < 0);
  }
}
