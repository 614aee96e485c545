package io.kiln.storage.gc;

import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's MVCC garbage collector (TiKV's {@code GcManager} + {@code GcRunner}, by scan): every
 * poll it reads the GC safe point (from PD), and when it has moved, it collects, in every region
 * this store leads, the versions below it ({@link MvccGc}), in batches written through raft so
 * that every replica drops the same versions. A region that fails (leadership moved, a region
 * error) is left for the next safe point; the worker keeps going.
 */
public final class GcWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GcWorker.class);
  /** Keys per batch, as TiKV's {@code gc.batch-keys} (512). */
  static final int BATCH_KEYS = 512;

  private final RaftStore store;
  private final RaftKv kv;
  private final LongSupplier safePoint;
  private final ScheduledExecutorService timer;
  private final AtomicLong lastSafePoint = new AtomicLong();
  private final AtomicLong versionsDeleted = new AtomicLong();
  private final AtomicLong rounds = new AtomicLong();

  /**
   * @param safePoint reads the cluster's GC safe point (PD's {@code GetGCSafePoint}); 0: none yet
   */
  public GcWorker(RaftStore store, LongSupplier safePoint) {
    this.store = store;
    this.kv = store.raftKv();
    this.safePoint = safePoint;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gc-worker-" + store.storeId());
      t.setDaemon(true);
      return t;
    });
  }

  /** Polls the safe point every {@code intervalMs} (TiKV polls every 10 s). */
  public GcWorker start(long intervalMs) {
    timer.scheduleWithFixedDelay(this::poll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads the safe point and, if it moved, collects every region this store leads. */
  public void poll() {
    long sp;
    try {
      sp = safePoint.getAsLong();
    } catch (RuntimeException e) {
      LOG.debug("store {}: cannot read the GC safe point: {}", store.storeId(), e.toString());
      return;
    }
    if (sp <= lastSafePoint.get()) {
      return;
    }
    boolean all = true;
    for (long regionId : store.regionIds()) {
      if (store.isLeader(regionId)) {
        all &= gcRegion(regionId, sp);
      }
    }
    if (all) {
      lastSafePoint.set(sp);
    }
    rounds.incrementAndGet();
  }

  /** Collects one region below {@code safePoint}; false if it stopped on an error. */
  public boolean gcRegion(long regionId, long safePoint) {
    Metapb.Region region = store.region(regionId).orElse(null);
    Metapb.Peer peer = store.peer(regionId).orElse(null);
    if (region == null || peer == null) {
      return true;
    }
    Kvrpcpb.Context ctx = Kvrpcpb.Context.newBuilder().setRegionId(regionId)
        .setRegionEpoch(region.getRegionEpoch()).setPeer(peer).build();
    byte[] next = null;
    try {
      do {
        MvccGc.Batch batch;
        long term;
        try (RegionSnapshot snap = kv.asyncSnapshot(ctx).get(30, TimeUnit.SECONDS)) {
          batch = MvccGc.collect(snap, next, null, safePoint, BATCH_KEYS);
          term = snap.term();
        }
        if (!batch.deletes().isEmpty()) {
          kv.asyncWrite(ctx.toBuilder().setTerm(term).build(), batch.deletes()).get(30, TimeUnit.SECONDS);
          versionsDeleted.addAndGet(batch.versionsDeleted());
        }
        next = batch.nextKey();
      } while (next != null);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.info("store {}: GC of region {} below {} stopped: {}", store.storeId(), regionId, safePoint, e.toString());
      return false;
    }
  }

  /** Write records removed so far. */
  public long versionsDeleted() {
    return versionsDeleted.get();
  }

  /** The last safe point every led region was collected to. */
  public long lastSafePoint() {
    return lastSafePoint.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
