package io.kiln.storage;

import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.concurrency.ConcurrencyManager;
import io.kiln.storage.sched.Latches;
import io.kiln.storage.sched.Scheduler;
import io.kiln.storage.sched.SchedulerStats;
import io.kiln.storage.txn.ReadCommand;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transaction layer's entry point for one store (TiKV's {@code Storage}), what the KV service
 * calls:
 * <ul>
 *   <li>{@link #read}: a snapshot of the region through {@link RaftKv} (a lease read, or a ReadIndex
 *       round), then the command on a read worker; no latches, nothing written;
 *   <li>{@link #write}: the command goes to the {@link Scheduler} (latches, snapshot, processWrite on
 *       a worker, RaftKv.asyncWrite, answer after apply).
 * </ul>
 * Futures complete exceptionally with a {@link io.kiln.raftstore.kv.RegionErrorException} for a
 * region error (the caller puts it in the response's {@code region_error}); transaction errors are
 * part of the response.
 */
public final class Storage implements AutoCloseable {

  private final RaftKv kv;
  private final ConcurrencyManager concurrencyManager;
  private final TxnContext txnContext;
  private final ExecutorService schedWorkers;
  private final ExecutorService readWorkers;
  private final Scheduler scheduler;
  private final SchedulerStats stats = new SchedulerStats();

  /**
   * @param concurrencyManager the store's; start its max_ts from a PD timestamp when the store starts
   *     (TiKV does), so async commit never picks a commit_ts below a read served before a restart
   */
  public Storage(RaftKv kv, StorageConfig config, ConcurrencyManager concurrencyManager) {
    this.kv = kv;
    this.concurrencyManager = concurrencyManager;
    this.txnContext = new TxnContext(concurrencyManager);
    this.schedWorkers = Executors.newFixedThreadPool(config.schedulerWorkerPoolSize(), threads("sched-worker"));
    this.readWorkers = Executors.newFixedThreadPool(config.readPoolSize(), threads("txn-read"));
    this.scheduler = new Scheduler(kv, new Latches(config.schedulerConcurrency()), schedWorkers, txnContext,
        config.schedulerPendingWriteThreshold(), stats);
  }

  /** Runs a transactional read over a snapshot of its region. */
  public <R> CompletableFuture<R> read(ReadCommand<R> cmd) {
    CompletableFuture<RegionSnapshot> snap;
    try {
      snap = kv.asyncSnapshot(cmd.ctx());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return snap.thenApplyAsync(s -> {
      try (s) {
        return cmd.processRead(s, txnContext);
      }
    }, readWorkers);
  }

  /** Schedules a transactional write; completes once its modifications are applied. */
  public <R> CompletableFuture<R> write(WriteCommand<R> cmd) {
    return scheduler.run(cmd);
  }

  public ConcurrencyManager concurrencyManager() {
    return concurrencyManager;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public SchedulerStats stats() {
    return stats;
  }

  @Override
  public void close() {
    schedWorkers.shutdown();
    readWorkers.shutdown();
    try {
      schedWorkers.awaitTermination(5, TimeUnit.SECONDS);
      readWorkers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
