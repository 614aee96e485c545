package io.kiln.raftstore.batch;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A finite-state machine with a mailbox, driven by a {@link BatchSystem}: any thread may {@link
 * #send} it a message; one poller thread at a time handles its messages. The {@code scheduled}
 * flag is the ownership token: it is set by whoever puts the FSM on the ready queue and cleared
 * only by the poller that handled it, so an FSM is never handled by two threads at once.
 *
 * @param <M> the messages it takes
 */
public abstract class Fsm<M> {

  private final ConcurrentLinkedQueue<M> mailbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean stopped;
  private BatchSystem<? super Fsm<M>> system;
  /** Set by a handler to have the FSM polled again even when its mailbox is empty. */
  boolean repoll;

  final void attach(BatchSystem<? super Fsm<M>> system) {
    this.system = system;
  }

  /** Queues {@code msg} and wakes the FSM. Returns false (dropping it) if the FSM is stopped. */
  public final boolean send(M msg) {
    if (stopped) {
      return false;
    }
    mailbox.add(msg);
    size.incrementAndGet();
    wake();
    return true;
  }

  /** Messages waiting; an estimate under concurrency. */
  public final int pending() {
    return size.get();
  }

  /** Takes up to {@code max} messages, in the order they were sent. */
  public final void drain(int max, List<M> out) {
    for (int i = 0; i < max; i++) {
      M m = mailbox.poll();
      if (m == null) {
        return;
      }
      size.decrementAndGet();
      out.add(m);
    }
  }

  /** Asks for another poll round even if no message arrives (for work left over from this one). */
  public final void requestRepoll() {
    repoll = true;
  }

  /** No more messages are accepted; the FSM is not polled again. */
  public final void stop() {
    stopped = true;
  }

  public final boolean stopped() {
    return stopped;
  }

  final void wake() {
    BatchSystem<? super Fsm<M>> s = system;
    if (s != null && scheduled.compareAndSet(false, true)) {
      s.schedule(this);
    }
  }

  /** Called by the poller after a round: hand ownership back, or keep it if there is more to do. */
  final boolean release() {
    if (stopped) {
      return false;
    }
    if (repoll) {
      repoll = false;
      return true; // stays scheduled
    }
    scheduled.set(false);
    return !mailbox.isEmpty() && scheduled.compareAndSet(false, true);
  }
}
