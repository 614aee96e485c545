package io.kiln.server.transport;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kiln.proto.RaftServerpb.Done;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.Tikvpb.BatchRaftMessage;
import io.kiln.proto.TikvGrpc;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raft messages for one store: a bounded queue filled by the raft threads, and one {@code
 * BatchRaft} client stream that a drain task (on the transport's send pool, one task per
 * connection at a time) empties into, batching what it finds up to {@code batchMaxBytes}.
 *
 * <p>Connecting is lazy: the first drain resolves the address and opens the channel and stream.
 * The stream respects gRPC flow control: while it is not ready, messages wait in the queue (and
 * the queue drops the newest when full). When the stream fails, the channel is closed and the
 * address forgotten (the store may come back elsewhere); for a backoff that doubles from
 * {@code reconnectMinBackoffMs} to {@code reconnectMaxBackoffMs} messages for the store are
 * dropped as they come, then the next flush reconnects. A stream that becomes ready resets the
 * backoff. Raft retries whatever was dropped. Each failure (at most one per backoff) is reported
 * to the unreachable listener.
 */
final class StoreConnection {

  private static final Logger LOG = LoggerFactory.getLogger(StoreConnection.class);

  private final long fromStoreId;
  private final long storeId;
  private final StoreAddressResolver resolver;
  private final TransportOptions options;
  private final Executor executor;
  private final TransportCounters counters;
  private final LongSupplier nanoClock;
  private final LongConsumer onUnreachable;
  private final ArrayBlockingQueue<RaftMessage> queue;
  private final AtomicBoolean draining = new AtomicBoolean();

  // guarded by this
  private boolean closed;
  private String address;
  private CompletableFuture<String> resolving;
  private ManagedChannel channel;
  private ClientCallStreamObserver<BatchRaftMessage> stream;
  private int generation;
  private long backoffMs;
  private long retryAtNanos;
  private boolean everConnected;

  StoreConnection(long fromStoreId, long storeId, StoreAddressResolver resolver, TransportOptions options,
      Executor executor, TransportCounters counters, LongSupplier nanoClock, LongConsumer onUnreachable) {
    this.fromStoreId = fromStoreId;
    this.storeId = storeId;
    this.resolver = resolver;
    this.options = options;
    this.executor = executor;
    this.counters = counters;
    this.nanoClock = nanoClock;
    this.onUnreachable = onUnreachable;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
  }

  /** Queues {@code msg} (never blocks); false if it was dropped. */
  boolean enqueue(RaftMessage msg) {
    if (!queue.offer(msg)) {
      counters.messagesDropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Makes sure a drain task will run if messages are waiting. */
  void scheduleDrain() {
    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      draining.set(false); // the transport is closing
    }
  }

  private void drain() {
    boolean again;
    try {
      again = drainOnce();
    } catch (RuntimeException e) {
      LOG.warn("store {}: sending raft messages to store {} failed", fromStoreId, storeId, e);
      again = false;
    } finally {
      draining.set(false);
    }
    // a message queued after the last look would otherwise wait for the next flush
    if (again && !queue.isEmpty()) {
      scheduleDrain();
    }
  }

  /** Sends what it can; true if it stopped only because the queue was empty. */
  private boolean drainOnce() {
    while (!queue.isEmpty()) {
      int gen;
      ClientCallStreamObserver<BatchRaftMessage> s;
      synchronized (this) {
        s = ensureStream();
        if (s == null) {
          if (closed || nanoClock.getAsLong() < retryAtNanos) {
            dropQueued();
          }
          return false;
        }
        gen = generation;
      }
      if (!s.isReady()) {
        return false; // the onReady handler drains again
      }
      BatchRaftMessage batch = takeBatch();
      try {
        s.onNext(batch);
        counters.batchesSent.incrementAndGet();
        counters.messagesSent.addAndGet(batch.getMsgsCount());
      } catch (RuntimeException e) {
        onStreamFailed(gen, e);
      }
    }
    return true;
  }

  private BatchRaftMessage takeBatch() {
    BatchRaftMessage.Builder b = BatchRaftMessage.newBuilder();
    long bytes = 0;
    RaftMessage m;
    // only the drain task takes from the queue, so peek-then-poll is safe
    while ((m = queue.peek()) != null) {
      int size = m.getSerializedSize();
      if (b.getMsgsCount() > 0 && bytes + size > options.batchMaxBytes()) {
        break;
      }
      queue.poll();
      b.addMsgs(m);
      bytes += size;
    }
    return b.build();
  }

  private void dropQueued() {
    int n = 0;
    while (queue.poll() != null) {
      n++;
    }
    counters.messagesDropped.addAndGet(n);
  }

  /** The open stream, or null while resolving, in backoff or closed (opens one when it can). */
  private ClientCallStreamObserver<BatchRaftMessage> ensureStream() {
    if (closed) {
      return null;
    }
    if (stream != null) {
      return stream;
    }
    if (nanoClock.getAsLong() < retryAtNanos) {
      return null;
    }
    if (address == null && !takeAddress()) {
      return null;
    }
    if (channel == null) {
      channel = Channels.open(address, options);
    }
    final int gen = ++generation;
    ClientResponseObserver<BatchRaftMessage, Done> observer = new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<BatchRaftMessage> requestStream) {
        requestStream.setOnReadyHandler(() -> onReady(gen));
      }

      @Override
      public void onNext(Done value) {}

      @Override
      public void onError(Throwable t) {
        onStreamFailed(gen, t);
      }

      @Override
      public void onCompleted() {
        onStreamFailed(gen, null);
      }
    };
    stream = (ClientCallStreamObserver<BatchRaftMessage>) TikvGrpc.newStub(channel).batchRaft(observer);
    return stream;
  }

  /** Takes the resolved address, starting (or waiting for) the lookup; false if none yet. */
  private boolean takeAddress() {
    if (resolving == null) {
      CompletableFuture<String> f = resolver.resolve(storeId);
      resolving = f;
      if (!f.isDone()) {
        f.whenComplete((a, e) -> scheduleDrain());
        return false;
      }
    } else if (!resolving.isDone()) {
      return false;
    }
    CompletableFuture<String> f = resolving;
    resolving = null;
    try {
      address = f.join();
      return true;
    } catch (RuntimeException e) {
      backOff("cannot resolve its address: " + e.getCause());
      return false;
    }
  }

  private void onReady(int gen) {
    synchronized (this) {
      if (gen != generation || stream == null) {
        return;
      }
      if (!everConnected || backoffMs > 0) {
        LOG.debug("store {}: raft stream to store {} at {} is up", fromStoreId, storeId, address);
      }
      everConnected = true;
      backoffMs = 0;
    }
    scheduleDrain();
  }

  private void onStreamFailed(int gen, Throwable t) {
    synchronized (this) {
      if (gen != generation || stream == null) {
        return;
      }
      stream = null;
      generation++;
      counters.streamFailures.incrementAndGet();
      if (channel != null) {
        channel.shutdownNow();
        channel = null;
      }
      String where = address;
      address = null;
      if (closed) {
        return;
      }
      backOff("raft stream to " + where + " ended: " + (t == null ? "completed by the server" : t.toString()));
    }
  }

  /** Starts (or lengthens) a backoff and tells the listener the store is unreachable. */
  private void backOff(String why) {
    boolean first = backoffMs == 0;
    backoffMs = first ? options.reconnectMinBackoffMs() : Math.min(options.reconnectMaxBackoffMs(), backoffMs * 2);
    retryAtNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
    if (first) {
      LOG.info("store {}: store {} unreachable ({}), retrying in {} ms", fromStoreId, storeId, why, backoffMs);
    } else {
      LOG.debug("store {}: store {} still unreachable ({}), retrying in {} ms", fromStoreId, storeId, why, backoffMs);
    }
    // on the executor: the listener must not run under this connection's lock
    try {
      executor.execute(() -> onUnreachable.accept(storeId));
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Half-closes the stream, drops what is queued, closes the channel (waiting briefly). */
  void close() {
    ManagedChannel ch;
    ClientCallStreamObserver<BatchRaftMessage> s;
    synchronized (this) {
      closed = true;
      ch = channel;
      s = stream;
      channel = null;
      stream = null;
      generation++;
    }
    if (s != null) {
      try {
        s.onCompleted();
      } catch (RuntimeException e) {
        // the stream was already broken
      }
    }
    dropQueued();
    if (ch != null) {
      ch.shutdown();
      try {
        if (!ch.awaitTermination(500, TimeUnit.MILLISECONDS)) {
          ch.shutdownNow();
        }
      } catch (InterruptedException e) {
        ch.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
