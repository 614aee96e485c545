package io.kiln.client.pd;

import com.google.protobuf.ByteString;
import io.kiln.client.codec.Keys;
import io.kiln.proto.Metapb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory PD: regions and leaders set by the test, stores by id, a counting TSO. */
public final class FakePdClient implements PdClient {

  private final List<PdRegion> regions = new CopyOnWriteArrayList<>();
  private final Map<Long, Metapb.Store> stores = new ConcurrentHashMap<>();
  private final AtomicLong tso = new AtomicLong(Timestamps.compose(1_000, 0));
  public final AtomicLong regionLookups = new AtomicLong();

  /** Replaces every region; each is {start, end, regionId, leaderStoreId} over stores 1..3. */
  public synchronized void setRegions(List<PdRegion> rs) {
    regions.clear();
    regions.addAll(rs);
  }

  public void addStore(long id, String address) {
    stores.put(id, Metapb.Store.newBuilder().setId(id).setAddress(address).build());
  }

  /** A region over {@code stores} (peer id = region id * 10 + store id) led by {@code leaderStore}. */
  public static PdRegion region(long id, byte[] start, byte[] end, long version, long leaderStore, long... storeIds) {
    Metapb.Region.Builder b = Metapb.Region.newBuilder().setId(id).setStartKey(ByteString.copyFrom(start))
        .setEndKey(ByteString.copyFrom(end))
        .setRegionEpoch(Metapb.RegionEpoch.newBuilder().setConfVer(1).setVersion(version));
    Metapb.Peer leader = null;
    for (long s : storeIds) {
      Metapb.Peer p = Metapb.Peer.newBuilder().setId(id * 10 + s).setStoreId(s).build();
      b.addPeers(p);
      if (s == leaderStore) {
        leader = p;
      }
    }
    return new PdRegion(b.build(), leader);
  }

  @Override
  public long clusterId() {
    return 1;
  }

  @Override
  public CompletableFuture<Long> getTimestamp() {
    return CompletableFuture.completedFuture(tso.incrementAndGet());
  }

  @Override
  public PdRegion getRegion(byte[] key) {
    regionLookups.incrementAndGet();
    for (PdRegion r : regions) {
      if (Keys.inRange(key, r.region().getStartKey().toByteArray(), r.region().getEndKey().toByteArray())) {
        return r;
      }
    }
    return null;
  }

  @Override
  public PdRegion getPrevRegion(byte[] key) {
    PdRegion prev = null;
    for (PdRegion r : regions) {
      if (Keys.inRange(key, r.region().getStartKey().toByteArray(), r.region().getEndKey().toByteArray())) {
        return prev;
      }
      prev = r;
    }
    return null;
  }

  @Override
  public PdRegion getRegionById(long regionId) {
    for (PdRegion r : regions) {
      if (r.region().getId() == regionId) {
        return r;
      }
    }
    return null;
  }

  @Override
  public List<PdRegion> scanRegions(byte[] start, byte[] end, int limit) {
    List<PdRegion> out = new ArrayList<>();
    for (PdRegion r : regions) {
      if (out.size() < limit) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public Metapb.Store getStore(long storeId) {
    return stores.get(storeId);
  }

  @Override
  public List<Metapb.Store> getAllStores() {
    return new ArrayList<>(stores.values());
  }

  private long gcSafePoint;

  @Override
  public synchronized long getGcSafePoint() {
    return gcSafePoint;
  }

  @Override
  public synchronized long updateGcSafePoint(long safePoint) {
    gcSafePoint = Math.max(gcSafePoint, safePoint);
    return gcSafePoint;
  }

  @Override
  public void close() {}
}
