package io.kiln.client.pd;

import io.kiln.proto.Metapb;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the client asks PD: timestamps, where regions are, where stores are, the GC safe point.
 * Keys are as PD stores region boundaries (memcomparable-encoded for transactional data).
 * Every call retries PD errors and leader changes until the client's PD timeout, then throws a
 * {@link io.kiln.client.error.BackoffExhaustedException}.
 */
public interface PdClient extends AutoCloseable {

  /** The id of the cluster PD serves, from its response headers. */
  long clusterId();

  /** A fresh timestamp: {@code physical << 18 | logical}. Concurrent requests share one RPC. */
  CompletableFuture<Long> getTimestamp();

  /** The region holding {@code key}, or null when PD knows none. */
  PdRegion getRegion(byte[] key);

  /** The region just before the one holding {@code key}, or null. */
  PdRegion getPrevRegion(byte[] key);

  /** The region with this id, or null. */
  PdRegion getRegionById(long regionId);

  /** Up to {@code limit} regions from {@code start} to {@code end} (empty: to the last). */
  List<PdRegion> scanRegions(byte[] start, byte[] end, int limit);

  /** The store with this id, or null when PD knows none. */
  Metapb.Store getStore(long storeId);

  /** Every store PD knows, tombstones excluded. */
  List<Metapb.Store> getAllStores();

  /** The GC safe point: reads below it may meet collected versions. */
  long getGcSafePoint();

  /**
   * Asks PD to move the GC safe point to {@code safePoint}; returns the safe point PD now holds
   * (PD never moves it backwards, so a lower value leaves it where it is). Stores then remove the
   * MVCC versions no read at or above it can see.
   */
  long updateGcSafePoint(long safePoint);

  @Override
  void close();
}
