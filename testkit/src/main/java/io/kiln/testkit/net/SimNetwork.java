package io.kiln.testkit.net;

import io.kiln.proto.RaftServerpb.RaftMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated network between the stores of one in-process cluster. Each store sends through its
 * {@link SimTransport}; a message first goes through the installed {@link Filter}s (in order,
 * each over what the previous produced), then waits in the receiver's {@link Inbox} for its delay
 * and is handed over on that inbox's own thread.
 *
 * <p>A store receives only while {@link #register registered}: messages to a store that is not
 * (never started, or stopped) are dropped when they come due, and so are messages a stopping
 * store still sends. Filters can be changed at any time; a change applies to messages sent after
 * it (those already in flight keep their fate).
 */
public final class SimNetwork implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimNetwork.class);

  private final Map<Long, Consumer<RaftMessage>> receivers = new ConcurrentHashMap<>();
  private final Map<Long, Inbox> inboxes = new ConcurrentHashMap<>();
  private final Map<Long, SimTransport> transports = new ConcurrentHashMap<>();
  private final NetworkCounters counters = new NetworkCounters();
  private volatile List<Filter> filters = List.of();
  private volatile boolean closed;

  /** The transport store {@code storeId} sends with (one per store, kept across restarts). */
  public SimTransport transport(long storeId) {
    return transports.computeIfAbsent(storeId, id -> new SimTransport(this, id));
  }

  /** Store {@code storeId} is up: messages to it go to {@code receiver} from now on. */
  public void register(long storeId, Consumer<RaftMessage> receiver) {
    checkOpen();
    receivers.put(storeId, receiver);
    inbox(storeId);
  }

  /** Store {@code storeId} is down: nothing reaches it or leaves it until registered again. */
  public void unregister(long storeId) {
    receivers.remove(storeId);
  }

  public boolean isRegistered(long storeId) {
    return receivers.containsKey(storeId);
  }

  /** Adds {@code filter} after those installed. */
  public synchronized void addFilter(Filter filter) {
    List<Filter> next = new ArrayList<>(filters);
    next.add(filter);
    filters = List.copyOf(next);
    LOG.info("filters: {}", filters);
  }

  /** Removes {@code filter} (compared by identity or equals); true if it was installed. */
  public synchronized boolean removeFilter(Filter filter) {
    List<Filter> next = new ArrayList<>(filters);
    boolean removed = next.remove(filter);
    filters = List.copyOf(next);
    return removed;
  }

  /** Replaces every filter at once (no message sees a mix of the old and the new set). */
  public synchronized void setFilters(List<Filter> newFilters) {
    filters = List.copyOf(newFilters);
    LOG.info("filters: {}", filters);
  }

  /** A reliable network again. */
  public void clearFilters() {
    setFilters(List.of());
  }

  public List<Filter> filters() {
    return filters;
  }

  public NetworkStats stats() {
    return counters.snapshot();
  }

  /** Messages sent but not yet handed over (waiting for their delay), over all stores. */
  public int inFlight() {
    return inboxes.values().stream().mapToInt(Inbox::pending).sum();
  }

  void send(long from, RaftMessage msg) {
    counters.sent.incrementAndGet();
    if (closed || !receivers.containsKey(from)) {
      counters.dropped.incrementAndGet();
      return;
    }
    List<Delivery> out = List.of(new Delivery(from, msg.getToPeer().getStoreId(), msg, 0));
    for (Filter f : filters) {
      List<Delivery> next = new ArrayList<>(out.size());
      for (Delivery d : out) {
        next.addAll(f.apply(d));
      }
      out = next;
      if (out.isEmpty()) {
        break;
      }
    }
    if (out.isEmpty()) {
      counters.dropped.incrementAndGet();
      return;
    }
    counters.duplicated.addAndGet(out.size() - 1);
    long now = System.nanoTime();
    for (Delivery d : out) {
      Inbox inbox = inbox(d.to());
      if (inbox == null) {
        counters.dropped.incrementAndGet();
      } else {
        inbox.enqueue(d.message(), now + d.delayNanos());
      }
    }
  }

  /** The inbox of {@code storeId}, made on first use; null once the network is closed. */
  private Inbox inbox(long storeId) {
    Inbox inbox = inboxes.get(storeId);
    if (inbox != null) {
      return inbox;
    }
    synchronized (inboxes) {
      if (closed) {
        return null;
      }
      return inboxes.computeIfAbsent(storeId, id -> new Inbox(id, receivers::get, counters));
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the simulated network is closed");
    }
  }

  /** Stops every inbox thread; messages still in flight are dropped. */
  @Override
  public void close() {
    synchronized (inboxes) {
      closed = true;
    }
    receivers.clear();
    inboxes.values().forEach(Inbox::close);
  }
}
