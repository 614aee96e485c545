package io.kiln.client.region;

import io.kiln.client.codec.Keys;
import io.kiln.client.pd.PdClient;
import io.kiln.client.pd.PdRegion;
import io.kiln.proto.Metapb;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Where keys are: regions sorted by start key (user keys, see {@link KeyMode}), and store
 * addresses by store id, both loaded from PD on a miss. The region error handling
 * ({@link RegionErrorHandler}) updates it: switch the leader on NotLeader, replace a region by
 * the ones EpochNotMatch carries, drop a region or a store that is stale. Thread-safe.
 */
public final class RegionCache {

  private final PdClient pd;
  private final KeyMode mode;
  private final NavigableMap<byte[], CachedRegion> byStart = new TreeMap<>(Keys.ORDER);
  private final Map<Long, CachedRegion> byId = new HashMap<>();
  private final Map<Long, String> storeAddresses = new HashMap<>();
  private long pdLookups;

  public RegionCache(PdClient pd, KeyMode mode) {
    this.pd = pd;
    this.mode = mode;
  }

  public KeyMode mode() {
    return mode;
  }

  /**
   * The region of {@code key}: from the cache when it holds the key with a known leader, else
   * from PD. Null when PD knows no region for the key (a cluster not bootstrapped yet). The
   * returned region may have no leader (PD knows none yet): the caller backs off and asks again.
   */
  public synchronized CachedRegion locate(byte[] key) {
    Map.Entry<byte[], CachedRegion> e = byStart.floorEntry(key);
    if (e != null && e.getValue().contains(key) && e.getValue().leader() != null) {
      return e.getValue();
    }
    pdLookups++;
    PdRegion loaded = pd.getRegion(mode.toPd(key));
    if (loaded == null) {
      return null;
    }
    return insert(loaded.region(), loaded.leader());
  }

  /** Groups keys by the region that holds them, in key order within a group and region order across. */
  public Map<CachedRegion, List<byte[]>> groupByRegion(Collection<byte[]> keys) {
    List<byte[]> sorted = new ArrayList<>(keys);
    sorted.sort(Keys.ORDER);
    Map<CachedRegion, List<byte[]>> groups = new LinkedHashMap<>();
    CachedRegion current = null;
    for (byte[] key : sorted) {
      if (current == null || !current.contains(key)) {
        current = locate(key);
        if (current == null) {
          throw new io.kiln.client.error.ServerErrorException("PD knows no region for key " + Keys.show(key));
        }
      }
      groups.computeIfAbsent(current, r -> new ArrayList<>()).add(key);
    }
    return groups;
  }

  /**
   * The address of a store: cached, else from PD. Null when PD does not know the store or it is
   * a tombstone.
   */
  public String storeAddress(long storeId) {
    synchronized (this) {
      String cached = storeAddresses.get(storeId);
      if (cached != null) {
        return cached;
      }
    }
    Metapb.Store store = pd.getStore(storeId);
    if (store == null || store.getState() == Metapb.StoreState.Tombstone || store.getAddress().isEmpty()) {
      return null;
    }
    synchronized (this) {
      storeAddresses.put(storeId, store.getAddress());
    }
    return store.getAddress();
  }

  /** NotLeader naming a leader: requests for the region go there from now on. */
  public synchronized CachedRegion switchLeader(CachedRegion region, Metapb.Peer leader) {
    CachedRegion current = byId.get(region.id());
    if (current == null || !current.meta().getRegionEpoch().equals(region.meta().getRegionEpoch())) {
      return current;
    }
    Metapb.Peer known = current.peerOnStore(leader.getStoreId());
    if (known == null) {
      invalidate(region);
      return null;
    }
    CachedRegion updated = current.withLeader(known);
    byId.put(updated.id(), updated);
    byStart.put(updated.startKey(), updated);
    return updated;
  }

  /**
   * EpochNotMatch: {@code region} is stale; the regions the store reported replace it. Their
   * leader is taken to be the peer on the store that answered (it is the leader there), as
   * client-go does; a region without such a peer gets none and is loaded from PD on use.
   */
  public synchronized void replaceStale(CachedRegion region, List<Metapb.Region> current, long answeringStore) {
    invalidate(region);
    for (Metapb.Region r : current) {
      Metapb.Peer leader = null;
      for (Metapb.Peer p : r.getPeersList()) {
        if (p.getStoreId() == answeringStore) {
          leader = p;
        }
      }
      insert(r, leader);
    }
  }

  /** Drops a region; the next look-up of its keys asks PD. */
  public synchronized void invalidate(CachedRegion region) {
    CachedRegion current = byId.get(region.id());
    if (current != null) {
      byId.remove(current.id());
      byStart.remove(current.startKey(), current);
    }
  }

  /** A store failed or moved: forget its address and the regions led from it. */
  public synchronized void invalidateStore(long storeId) {
    storeAddresses.remove(storeId);
    Iterator<CachedRegion> it = byStart.values().iterator();
    while (it.hasNext()) {
      CachedRegion r = it.next();
      if (r.leader() != null && r.leader().getStoreId() == storeId) {
        it.remove();
        byId.remove(r.id());
      }
    }
  }

  /** How many regions the cache holds (for tests and metrics). */
  public synchronized int size() {
    return byStart.size();
  }

  /** How many times a look-up went to PD (for tests and metrics). */
  public synchronized long pdLookups() {
    return pdLookups;
  }

  private CachedRegion insert(Metapb.Region meta, Metapb.Peer leader) {
    byte[] start = mode.fromPd(meta.getStartKey().toByteArray());
    byte[] end = mode.fromPd(meta.getEndKey().toByteArray());
    CachedRegion region = new CachedRegion(meta, leader, start, end);
    // drop every cached region that overlaps [start, end)
    Map.Entry<byte[], CachedRegion> before = byStart.lowerEntry(start);
    if (before != null && (before.getValue().endKey().length == 0 || Keys.less(start, before.getValue().endKey()))) {
      byStart.remove(before.getKey());
      byId.remove(before.getValue().id());
    }
    Iterator<CachedRegion> it = byStart.tailMap(start, true).values().iterator();
    while (it.hasNext()) {
      CachedRegion r = it.next();
      if (end.length != 0 && !Keys.less(r.startKey(), end)) {
        break;
      }
      it.remove();
      byId.remove(r.id());
    }
    CachedRegion old = byId.remove(region.id());
    if (old != null) {
      byStart.remove(old.startKey(), old);
    }
    byStart.put(start, region);
    byId.put(region.id(), region);
    return region;
  }
}
