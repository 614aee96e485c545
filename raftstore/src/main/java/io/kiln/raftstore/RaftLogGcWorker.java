package io.kiln.raftstore;

import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes compacted raft log entries off the raft threads (TiKV's {@code RaftlogGcRunner}). Before
 * deleting, it syncs the kv engine's WAL: the truncated state that makes those entries unneeded
 * was written by apply without fsync, and must never be lost while the entries are gone.
 */
public final class RaftLogGcWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RaftLogGcWorker.class);

  private final KvEngine kv;
  private final RaftEngine raft;
  private final FailPoints failPoints;
  private final ExecutorService executor;
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();

  public RaftLogGcWorker(long storeId, KvEngine kv, RaftEngine raft, FailPoints failPoints) {
    this.kv = kv;
    this.raft = raft;
    this.failPoints = failPoints;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "raftlog-gc-" + storeId);
      t.setDaemon(true);
      return t;
    });
  }

  /** Deletes entries {@code [from, to)} of {@code regionId}, later. */
  public void schedule(long regionId, long from, long to) {
    if (from >= to) {
      return;
    }
    executor.execute(() -> {
      try {
        kv.syncWal();
        failPoints.eval("raft_log_gc_before_delete");
        deleted.addAndGet(raft.gc(regionId, from, to));
        tasks.incrementAndGet();
      } catch (FailPoints.InjectedCrash e) {
        LOG.info("raft log GC of region {} [{}, {}) stopped: {}", regionId, from, to, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("raft log GC of region {} [{}, {}) failed; it is retried after a restart", regionId, from, to, e);
      }
    });
  }

  /** Entries deleted so far. */
  public long deleted() {
    return deleted.get();
  }

  public long tasks() {
    return tasks.get();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
