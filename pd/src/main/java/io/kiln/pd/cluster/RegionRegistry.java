package io.kiln.pd.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.pd.storage.MetaEntry;
import io.kiln.pd.storage.MetaKeys;
import io.kiln.pd.storage.MetaStorage;
import io.kiln.pd.storage.MetaWrite;
import io.kiln.proto.Metapb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing table: every region PD knows, by id and by key range, kept current by region
 * heartbeats. Region metadata is persisted under {@link MetaKeys#REGION_PREFIX} whenever it
 * changes (range, epoch, peers); leaders and statistics live in memory only and come back with
 * the next heartbeats.
 *
 * <h2>Which report wins (PD's rules)</h2>
 *
 * A report is stale, and changes nothing, when
 * <ul>
 *   <li>its epoch version is below that of any region it overlaps (that region came from a later
 *       split or merge), or
 *   <li>PD knows the same region with a higher version or conf version, or a higher raft term
 *       (the report comes from a deposed leader).
 * </ul>
 * Otherwise the report replaces what PD knew of the region, and the regions it overlaps are
 * dropped (their ranges now belong to it).
 *
 * <p>Thread-safe: reads share a read lock; updates (including their durable write, so that two
 * updates of one region reach the storage in the order they were accepted) take the write lock.
 */
public final class RegionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RegionRegistry.class);

  private final MetaStorage storage;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  /** Guarded by lock; holds exactly the regions of {@link #byId}. */
  private final RegionTree tree = new RegionTree();
  /** Guarded by lock. */
  private final Map<Long, RegionInfo> byId = new HashMap<>();

  public RegionRegistry(MetaStorage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /** Replaces what is in memory with the persisted regions (no leaders known). */
  public void load() {
    lock.writeLock().lock();
    try {
      byId.clear();
      tree.clear();
      for (MetaEntry entry : storage.scan(MetaKeys.REGION_PREFIX)) {
        RegionInfo region = RegionInfo.of(parse(entry.value()));
        for (RegionInfo overlapped : tree.put(region)) {
          // cannot happen with PD's own writes; keep the table consistent if it does
          byId.remove(overlapped.id());
          LOG.warn("persisted region {} overlaps region {}; keeping the later one", overlapped.id(), region.id());
        }
        byId.put(region.id(), region);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public RegionInfo byId(long regionId) {
    lock.readLock().lock();
    try {
      return byId.get(regionId);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The region containing {@code key}, or null. */
  public RegionInfo byKey(ByteString key) {
    lock.readLock().lock();
    try {
      return tree.find(key);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The region before the one containing {@code key}, or null. */
  public RegionInfo prev(ByteString key) {
    lock.readLock().lock();
    try {
      return tree.prev(key);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** ScanRegions: see {@link RegionTree#scan}. */
  public List<RegionInfo> scan(ByteString start, ByteString end, int limit) {
    lock.readLock().lock();
    try {
      return tree.scan(start, end, limit);
    } finally {
      lock.readLock().unlock();
    }
  }

  public int size() {
    lock.readLock().lock();
    try {
      return byId.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many region peers each store holds (stores without peers are absent). */
  public Map<Long, Integer> peerCountByStore() {
    lock.readLock().lock();
    try {
      Map<Long, Integer> counts = new HashMap<>();
      for (RegionInfo region : byId.values()) {
        for (Metapb.Peer peer : region.meta().getPeersList()) {
          counts.merge(peer.getStoreId(), 1, Integer::sum);
        }
      }
      return counts;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Takes a region report (a heartbeat, a split report) into the table.
   *
   * @throws PdException UNKNOWN "region is stale" when the report is stale (nothing changes)
   */
  public void put(RegionInfo region) {
    lock.writeLock().lock();
    try {
      RegionInfo origin = byId.get(region.id());
      List<RegionInfo> overlaps = tree.overlaps(region.meta().getStartKey(), region.meta().getEndKey());
      checkNotStale(region, origin, overlaps);
      List<RegionInfo> dropped = new ArrayList<>();
      for (RegionInfo overlapped : overlaps) {
        if (overlapped.id() != region.id()) {
          dropped.add(overlapped);
        }
      }
      boolean metaChanged = origin == null || !origin.meta().equals(region.meta());
      if (metaChanged || !dropped.isEmpty()) {
        List<MetaWrite> writes = new ArrayList<>();
        writes.add(MetaWrite.put(MetaKeys.region(region.id()), region.meta().toByteArray()));
        for (RegionInfo old : dropped) {
          writes.add(MetaWrite.delete(MetaKeys.region(old.id())));
        }
        storage.write(writes);
      }
      if (origin != null) {
        tree.remove(origin);
      }
      tree.put(region);
      for (RegionInfo old : dropped) {
        byId.remove(old.id());
      }
      byId.put(region.id(), region);
      if (metaChanged) {
        LOG.debug("region {} is now {}{}", region.id(), region.meta(),
            dropped.isEmpty() ? "" : " (replaces " + dropped.stream().map(RegionInfo::id).toList() + ")");
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static void checkNotStale(RegionInfo region, RegionInfo origin, List<RegionInfo> overlaps) {
    Metapb.RegionEpoch epoch = region.epoch();
    for (RegionInfo overlapped : overlaps) {
      if (epoch.getVersion() < overlapped.epoch().getVersion()) {
        throw PdException.unknown("region is stale: region " + region.id() + " version "
            + epoch.getVersion() + " overlaps region " + overlapped.id() + " version "
            + overlapped.epoch().getVersion());
      }
    }
    if (origin == null) {
      return;
    }
    Metapb.RegionEpoch known = origin.epoch();
    boolean termBehind = region.term() > 0 && region.term() < origin.term();
    if (termBehind || epoch.getVersion() < known.getVersion() || epoch.getConfVer() < known.getConfVer()) {
      throw PdException.unknown("region is stale: region " + region.id() + " epoch (conf_ver "
          + epoch.getConfVer() + ", version " + epoch.getVersion() + ", term " + region.term()
          + ") is behind (conf_ver " + known.getConfVer() + ", version " + known.getVersion()
          + ", term " + origin.term() + ")");
    }
  }

  private static Metapb.Region parse(byte[] bytes) {
    try {
      return Metapb.Region.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupted region metadata in PD storage", e);
    }
  }
}
