package io.kiln.storage.sched;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.RegionErrors;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RegionErrorException;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transactional write commands in seed 000's order (TiKV's {@code Scheduler}):
 * <ol>
 *   <li>flow control: a command is refused with ServerIsBusy while the bytes of the commands in
 *       flight pass the pending-write threshold;
 *   <li>latches over the command's keys ({@link Latches}); a command that cannot take them waits and
 *       is woken when the command ahead of it releases them;
 *   <li>a snapshot of the region through {@link RaftKv#asyncSnapshot} (a lease read or ReadIndex);
 *   <li>{@link WriteCommand#processWrite} on a worker, into buffered modifications;
 *   <li>{@link RaftKv#asyncWrite}, carrying the snapshot's term so that a write prepared under one
 *       leader is refused (StaleCommand) if leadership moved in between;
 *   <li>once applied: release the command's resources and latches, wake the commands waiting for
 *       them, run the command's next step if it has one, then answer.
 * </ol>
 * A failure at any step (a region error, an engine error, a bug in a command) releases the latches
 * and completes the command's future exceptionally; the scheduler keeps serving.
 */
public final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final RaftKv kv;
  private final Latches latches;
  private final Executor workers;
  private final TxnContext txnContext;
  private final long pendingWriteThreshold;
  private final SchedulerStats stats;
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final ConcurrentHashMap<Long, Task<?>> waiting = new ConcurrentHashMap<>();

  public Scheduler(RaftKv kv, Latches latches, Executor workers, TxnContext txnContext,
      long pendingWriteThreshold, SchedulerStats stats) {
    this.kv = kv;
    this.latches = latches;
    this.workers = workers;
    this.txnContext = txnContext;
    this.pendingWriteThreshold = pendingWriteThreshold;
    this.stats = stats;
  }

  /** Schedules {@code cmd}; the future completes with its response once its writes are applied. */
  public <R> CompletableFuture<R> run(WriteCommand<R> cmd) {
    long bytes = Math.max(0, cmd.writeBytes());
    long before = pendingBytes.get();
    if (before > 0 && before + bytes > pendingWriteThreshold) {
      stats.onBusy();
      return CompletableFuture.failedFuture(new RegionErrorException(RegionErrors.serverIsBusy(
          "scheduler is busy: " + before + " bytes of writes pending, limit " + pendingWriteThreshold)));
    }
    pendingBytes.addAndGet(bytes);
    CompletableFuture<R> result = new CompletableFuture<>();
    start(new Task<>(nextId.incrementAndGet(), cmd, bytes, result));
    return result;
  }

  /** Bytes of the commands accepted and not yet answered. */
  public long pendingBytes() {
    return pendingBytes.get();
  }

  /** Commands waiting for a latch. */
  public int waitingForLatches() {
    return waiting.size();
  }

  private <R> void start(Task<R> task) {
    stats.onCommand(task.cmd.tag());
    task.lock = latches.lockFor(task.cmd.latchKeys());
    waiting.put(task.id, task);
    if (latches.acquire(task.lock, task.id)) {
      waiting.remove(task.id);
      snapshot(task);
    } else {
      stats.onLatchWait();
    }
  }

  private <R> void snapshot(Task<R> task) {
    CompletableFuture<RegionSnapshot> snap;
    try {
      snap = kv.asyncSnapshot(task.cmd.ctx());
    } catch (RuntimeException e) {
      fail(task, e);
      return;
    }
    snap.whenCompleteAsync((s, err) -> {
      if (err != null) {
        fail(task, err);
      } else {
        process(task, s);
      }
    }, workers);
  }

  private <R> void process(Task<R> task, RegionSnapshot snapshot) {
    WriteResult<R> result;
    long term = snapshot.term();
    try (snapshot) {
      result = task.cmd.processWrite(snapshot, txnContext);
    } catch (Throwable e) {
      fail(task, e);
      return;
    }
    if (result.modifies().isEmpty()) {
      closeAll(result.releaseAfterWrite(), task);
      written(task, result);
      return;
    }
    Kvrpcpb.Context ctx = term == 0 ? task.cmd.ctx() : task.cmd.ctx().toBuilder().setTerm(term).build();
    CompletableFuture<Void> write;
    try {
      write = kv.asyncWrite(ctx, result.modifies());
    } catch (RuntimeException e) {
      closeAll(result.releaseAfterWrite(), task);
      fail(task, e);
      return;
    }
    write.whenComplete((v, err) -> {
      closeAll(result.releaseAfterWrite(), task);
      if (err != null) {
        fail(task, err);
      } else {
        written(task, result);
      }
    });
  }

  private <R> void written(Task<R> task, WriteResult<R> result) {
    releaseLatches(task);
    if (result.next() != null) {
      start(new Task<>(nextId.incrementAndGet(), result.next(), task.bytes, task.result));
      return;
    }
    pendingBytes.addAndGet(-task.bytes);
    task.result.complete(result.response());
  }

  private void fail(Task<?> task, Throwable err) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (!(cause instanceof RegionErrorException)) {
      LOG.warn("command {} (region {}) failed", task.cmd.tag(), task.cmd.ctx().getRegionId(), cause);
    }
    stats.onFailure(task.cmd.tag());
    releaseLatches(task);
    pendingBytes.addAndGet(-task.bytes);
    task.result.completeExceptionally(cause);
  }

  private void releaseLatches(Task<?> task) {
    for (long woken : latches.release(task.lock, task.id)) {
      Task<?> next = waiting.get(woken);
      if (next == null) {
        throw new IllegalStateException("latch woke command " + woken + ", which is not waiting");
      }
      if (latches.acquire(next.lock, next.id)) {
        waiting.remove(next.id);
        snapshot(next);
      }
    }
  }

  private static void closeAll(List<AutoCloseable> resources, Task<?> task) {
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.error("command {} could not release {}", task.cmd.tag(), c, e);
      }
    }
  }

  /** One scheduled command. The future is shared by the steps of a command that continues. */
  private static final class Task<R> {
    final long id;
    final WriteCommand<R> cmd;
    final long bytes;
    final CompletableFuture<R> result;
    Latches.Lock lock;

    Task(long id, WriteCommand<R> cmd, long bytes, CompletableFuture<R> result) {
      this.id = id;
      this.cmd = cmd;
      this.bytes = bytes;
      this.result = result;
    }
  }
}
