package io.kiln.server.transport;

import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.Transport;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raftstore's {@link Transport} over gRPC. {@link #send} queues a message on the target
 * store's {@link StoreConnection} and {@link #flush} (after each poll round) lets each connection
 * send what it has as one {@code BatchRaftMessage}; neither ever blocks a raft thread. A
 * MsgSnapshot goes to the snapshot pool instead, which streams it with its files ({@link
 * SnapshotStreamSender}) and reports the outcome to the sending store with {@link
 * RaftStore#onSnapshotSent}.
 *
 * <p>Build it, build the {@link RaftStore} over it, then {@link #attach} the store (snapshots
 * read its snapshot folder and report to it) before starting the store.
 */
public final class GrpcTransport implements Transport, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcTransport.class);

  private final long storeId;
  private final StoreAddressResolver resolver;
  private final TransportOptions options;
  private final LongSupplier nanoClock;
  private final TransportCounters counters = new TransportCounters();
  private final ConcurrentHashMap<Long, StoreConnection> connections = new ConcurrentHashMap<>();
  private final ExecutorService sendPool;
  private final ThreadPoolExecutor snapshotPool;
  private final SnapshotStreamSender snapshotSender;
  private volatile RaftStore store;
  private volatile LongConsumer unreachableListener = id -> {};
  private volatile boolean closed;

  public GrpcTransport(long storeId, StoreAddressResolver resolver, TransportOptions options) {
    this(storeId, resolver, options, System::nanoTime);
  }

  public GrpcTransport(long storeId, StoreAddressResolver resolver, TransportOptions options, LongSupplier nanoClock) {
    this.storeId = storeId;
    this.resolver = resolver;
    this.options = options;
    this.nanoClock = nanoClock;
    this.sendPool = Executors.newFixedThreadPool(2, daemon("raft-send-" + storeId));
    this.snapshotPool = new ThreadPoolExecutor(options.snapshotConcurrency(), options.snapshotConcurrency(),
        60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), daemon("snap-send-" + storeId));
    this.snapshotPool.allowCoreThreadTimeOut(true);
    this.snapshotSender = new SnapshotStreamSender(storeId, resolver, options);
  }

  /** The store whose messages this transport carries. */
  public void attach(RaftStore store) {
    if (store.storeId() != storeId) {
      throw new IllegalArgumentException("transport of store " + storeId + " attached to store " + store.storeId());
    }
    this.store = store;
  }

  /**
   * Called with a store's id each time a stream to it fails or its address cannot be found (at
   * most once per reconnect backoff), on a transport thread. Meant for raft's "report unreachable"
   * (a leader then stops pipelining to that store's peers).
   */
  public void onUnreachable(LongConsumer listener) {
    this.unreachableListener = listener;
  }

  @Override
  public void send(RaftMessage msg) {
    if (closed) {
      counters.messagesDropped.incrementAndGet();
      return;
    }
    if (msg.getMessage().getMsgType() == MessageType.MsgSnapshot) {
      sendSnapshot(msg);
      return;
    }
    connection(msg.getToPeer().getStoreId()).enqueue(msg);
  }

  @Override
  public void flush() {
    for (StoreConnection c : connections.values()) {
      c.scheduleDrain();
    }
  }

  public TransportStats stats() {
    return counters.snapshot();
  }

  private StoreConnection connection(long to) {
    StoreConnection c = connections.get(to);
    if (c == null) {
      c = connections.computeIfAbsent(to, id -> new StoreConnection(storeId, id, resolver, options, sendPool,
          counters, nanoClock, sid -> unreachableListener.accept(sid)));
    }
    return c;
  }

  private void sendSnapshot(RaftMessage msg) {
    RaftStore s = store;
    if (s == null) {
      throw new IllegalStateException("GrpcTransport of store " + storeId + " sends a snapshot before attach()");
    }
    try {
      snapshotPool.execute(() -> {
        boolean ok = !closed && snapshotSender.send(s.snapManager(), msg);
        (ok ? counters.snapshotsSent : counters.snapshotsFailed).incrementAndGet();
        s.onSnapshotSent(msg.getRegionId(), msg.getToPeer().getId(), ok);
      });
    } catch (RejectedExecutionException e) {
      LOG.warn("store {}: too many snapshots waiting to be sent, region {} to store {} fails", storeId,
          msg.getRegionId(), msg.getToPeer().getStoreId());
      counters.snapshotsFailed.incrementAndGet();
      s.onSnapshotSent(msg.getRegionId(), msg.getToPeer().getId(), false);
    }
  }

  /** Stops sending: closes every stream and channel; snapshots in flight are abandoned. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    snapshotPool.shutdownNow();
    for (StoreConnection c : connections.values()) {
      c.close();
    }
    sendPool.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
