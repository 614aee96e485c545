package io.kiln.testkit.net;

import io.kiln.proto.RaftServerpb.RaftMessage;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages on their way to one store, each due at its own time, and the thread that hands
 * them over: a store is only ever called on its inbox's thread, never on a sender's. Messages due
 * at the same time keep the order they were sent in.
 */
final class Inbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
  private static final AtomicLong SEQ = new AtomicLong();

  private final long storeId;
  private final DelayQueue<Envelope> queue = new DelayQueue<>();
  private final LongFunction<Consumer<RaftMessage>> receivers;
  private final NetworkCounters counters;
  private final Thread thread;
  private volatile boolean closed;

  Inbox(long storeId, LongFunction<Consumer<RaftMessage>> receivers, NetworkCounters counters) {
    this.storeId = storeId;
    this.receivers = receivers;
    this.counters = counters;
    this.thread = new Thread(this::run, "sim-net-to-" + storeId);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  void enqueue(RaftMessage msg, long dueNanos) {
    if (closed) {
      counters.dropped.incrementAndGet();
      return;
    }
    queue.add(new Envelope(msg, dueNanos, SEQ.incrementAndGet()));
  }

  /** Messages still waiting for their time. */
  int pending() {
    return queue.size();
  }

  private void run() {
    while (!closed) {
      Envelope env;
      try {
        env = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (env == null) {
        continue;
      }
      Consumer<RaftMessage> receiver = receivers.apply(storeId);
      if (receiver == null) {
        counters.dropped.incrementAndGet();
        continue;
      }
      try {
        receiver.accept(env.msg);
        counters.delivered.incrementAndGet();
      } catch (RuntimeException e) {
        // a store that is stopping may refuse messages; the network loses them like any other
        counters.dropped.incrementAndGet();
        LOG.debug("store {} refused a message: {}", storeId, e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    counters.dropped.addAndGet(queue.size());
    queue.clear();
  }

  private record Envelope(RaftMessage msg, long dueNanos, long seq) implements Delayed {

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Envelope e = (Envelope) o;
      int c = Long.compare(dueNanos, e.dueNanos);
      return c != 0 ? c : Long.compare(seq, e.seq);
    }
  }
}
