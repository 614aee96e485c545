package io.kiln.raftstore.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of poller threads over a shared queue of ready FSMs (TiKV's batch system). A poller takes
 * up to {@code maxBatchSize} ready FSMs, runs one {@link PollHandler} round over them, then hands
 * each back: an FSM with new mail (or that asked for it) goes back on the queue.
 */
public final class BatchSystem<F extends Fsm<?>> {

  private static final Logger LOG = LoggerFactory.getLogger(BatchSystem.class);

  private final String name;
  private final int poolSize;
  private final int maxBatchSize;
  private final Supplier<? extends PollHandler<F>> handlers;
  private final LinkedBlockingQueue<Fsm<?>> ready = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  public BatchSystem(String name, int poolSize, int maxBatchSize, Supplier<? extends PollHandler<F>> handlers) {
    this.name = name;
    this.poolSize = poolSize;
    this.maxBatchSize = maxBatchSize;
    this.handlers = handlers;
  }

  /** Lets {@code fsm} be scheduled by this system; wakes it if mail is already waiting. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void register(F fsm) {
    ((Fsm) fsm).attach((BatchSystem) this);
    if (fsm.pending() > 0) {
      fsm.wake();
    }
  }

  void schedule(Fsm<?> fsm) {
    ready.add(fsm);
  }

  public synchronized void start() {
    running = true;
    for (int i = 0; i < poolSize; i++) {
      PollHandler<F> handler = handlers.get();
      Thread t = new Thread(() -> poll(handler), name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Stops the pollers after their current round and waits for them. */
  public synchronized void shutdown() {
    running = false;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    threads.clear();
  }

  @SuppressWarnings("unchecked")
  private void poll(PollHandler<F> handler) {
    List<Fsm<?>> taken = new ArrayList<>(maxBatchSize);
    List<F> batch = new ArrayList<>(maxBatchSize);
    try {
      while (running) {
        Fsm<?> first;
        try {
          first = ready.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          break;
        }
        if (first == null) {
          continue;
        }
        taken.add(first);
        ready.drainTo(taken, maxBatchSize - 1);
        for (Fsm<?> f : taken) {
          if (!f.stopped()) {
            batch.add((F) f);
          }
        }
        try {
          handler.begin();
          for (F f : batch) {
            handler.handle(f);
          }
          handler.end(batch);
        } catch (RuntimeException | Error e) {
          LOG.error("{}: a poll round failed; its FSMs are polled again", Thread.currentThread().getName(), e);
          if (e instanceof Error err && !(e instanceof AssertionError)) {
            throw err;
          }
        }
        for (Fsm<?> f : taken) {
          if (f.release()) {
            ready.add(f);
          }
        }
        taken.clear();
        batch.clear();
      }
    } finally {
      handler.shutdown();
    }
  }
}
