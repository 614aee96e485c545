package io.kiln.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.proto.TikvGrpc;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.server.raw.RawKv;
import io.kiln.server.txn.TxnKv;
import io.kiln.storage.Storage;
import io.kiln.storage.StorageConfig;
import io.kiln.storage.concurrency.ConcurrencyManager;
import io.kiln.server.service.TikvService;
import io.kiln.server.status.GrpcMetricsInterceptor;
import io.kiln.server.status.StoreMetrics;
import io.kiln.server.status.StoreStatus;
import io.kiln.server.transport.GrpcTransport;
import io.kiln.server.transport.RaftStreamHandler;
import io.kiln.server.transport.SnapshotStreamHandler;
import io.kiln.server.transport.StoreAddressResolver;
import io.kiln.server.transport.TransportStats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store, running: its {@link RaftStore} over the engines it is given, the {@link
 * GrpcTransport} to the other stores, and one gRPC port with {@code tikvpb.Tikv} ({@link
 * TikvService}) and {@code grpc.health.v1.Health}.
 *
 * <pre>{@code
 * try (StoreServer s = new StoreServer(storeId, RaftStoreConfig.defaults(), ServerConfig.defaults(),
 *     kv, raft, resolver, snapDir).start()) {
 *   int port = s.port();   // what other stores and clients are given
 * }
 * }</pre>
 *
 * {@link #start()} starts the store (it loads its regions and may begin sending), then the gRPC
 * server, then reports SERVING. {@link #close()} reports NOT_SERVING, stops accepting calls and
 * lets running ones finish within the grace period, closes the store, then the transport. The
 * engines belong to the caller, who closes them after the server.
 */
public final class StoreServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreServer.class);

  private final long storeId;
  private final RaftStoreConfig raftConfig;
  private final ServerConfig config;
  private final KvEngine kv;
  private final RaftEngine raftEngine;
  private final StoreAddressResolver resolver;
  private final Path snapDir;
  private final HealthStatusManager health = new HealthStatusManager();
  private GrpcTransport transport;
  private RaftStore store;
  private ExecutorService readPool;
  private RaftStreamHandler raftStreams;
  private Server server;
  private PrometheusRegistry metrics;
  private StorageConfig storageConfig = StorageConfig.defaults();
  private long initialMaxTs;
  private Storage storage;
  private boolean started;
  private boolean closed;

  public StoreServer(long storeId, RaftStoreConfig raftConfig, ServerConfig config, KvEngine kv,
      RaftEngine raftEngine, StoreAddressResolver resolver, Path snapDir) {
    this.storeId = storeId;
    this.raftConfig = Objects.requireNonNull(raftConfig, "raftConfig");
    this.config = Objects.requireNonNull(config, "config");
    this.kv = Objects.requireNonNull(kv, "kv");
    this.raftEngine = Objects.requireNonNull(raftEngine, "raftEngine");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.snapDir = Objects.requireNonNull(snapDir, "snapDir");
  }

  /**
   * Records this store's metrics into {@code registry} once started: every gRPC call through a
   * {@link GrpcMetricsInterceptor}, and the store's own counters ({@link StoreMetrics}) read on
   * each scrape. Call before {@link #start()}; a registry serves one store.
   */
  public synchronized StoreServer withMetrics(PrometheusRegistry registry) {
    if (started) {
      throw new IllegalStateException("metrics must be set before start");
    }
    this.metrics = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Sets the transaction layer's pools and limits, and the timestamp its max_ts starts from (a PD
   * timestamp taken at start, as TiKV does: an async commit on this store then never picks a commit
   * timestamp below a read served before the restart). Call before {@link #start()}.
   */
  public synchronized StoreServer withStorage(StorageConfig storageConfig, long initialMaxTs) {
    if (started) {
      throw new IllegalStateException("storage settings must be set before start");
    }
    this.storageConfig = Objects.requireNonNull(storageConfig, "storageConfig");
    this.initialMaxTs = initialMaxTs;
    return this;
  }

  /**
   * Starts the store and the gRPC server.
   *
   * @throws UncheckedIOException if the port cannot be bound (the store is closed again)
   * @throws IllegalStateException if started twice or after close, or the engines are not a
   *     bootstrapped store {@code storeId}
   */
  public synchronized StoreServer start() {
    if (started || closed) {
      throw new IllegalStateException("a StoreServer can be started once");
    }
    started = true;
    transport = new GrpcTransport(storeId, resolver, config.transport());
    try {
      store = new RaftStore(storeId, raftConfig, kv, raftEngine, transport, System::nanoTime, snapDir);
      transport.attach(store);
      transport.onUnreachable(store::reportUnreachable);
      readPool = Executors.newFixedThreadPool(config.readPoolSize(), daemon("raw-read-" + storeId));
      RawKv raw = new RawKv(store.raftKv(), config.raw(), readPool, RawKv::systemSeconds);
      storage = new Storage(store.raftKv(), storageConfig, new ConcurrencyManager(initialMaxTs));
      raftStreams = new RaftStreamHandler(store::onRaftMessage);
      TikvService service = new TikvService(raw, new TxnKv(storage), raftStreams,
          new SnapshotStreamHandler(store::snapManager, store::onRaftMessage, config.snapshotMaxBytes(),
              config.snapshotMaxConcurrentReceives()));
      NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()));
      if (metrics != null) {
        builder.addService(ServerInterceptors.intercept(service, new GrpcMetricsInterceptor(metrics)));
        RaftStore s = store;
        GrpcTransport t = transport;
        StoreMetrics.register(metrics, s, t::stats, s::leaderCount);
        StoreMetrics.registerScheduler(metrics, storage);
      } else {
        builder.addService(service);
      }
      server = builder
          .addService(health.getHealthService())
          .maxInboundMessageSize(config.maxInboundMessageBytes())
          .permitKeepAliveTime(1, TimeUnit.SECONDS)
          .permitKeepAliveWithoutCalls(true)
          .build();
      store.start();
      server.start();
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("store " + storeId + " cannot listen on " + config.host() + ":"
          + config.port(), e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(TikvGrpc.SERVICE_NAME, ServingStatus.SERVING);
    LOG.info("store {} serves at {}:{}", storeId, config.host(), server.getPort());
    return this;
  }

  public long storeId() {
    return storeId;
  }

  /** The port the server listens on (the chosen one when configured with 0). */
  public synchronized int port() {
    requireStarted();
    return server.getPort();
  }

  /** {@code host:port} of this server. */
  public synchronized String address() {
    return config.host() + ":" + port();
  }

  public synchronized RaftStore raftStore() {
    requireStarted();
    return store;
  }

  /** The transaction layer of this store. */
  public synchronized Storage storage() {
    requireStarted();
    return storage;
  }

  public synchronized TransportStats transportStats() {
    requireStarted();
    return transport.stats();
  }

  /** Stops serving and closes the store and the transport (not the engines). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!started) {
      return;
    }
    health.enterTerminalState();
    closeQuietly();
    LOG.info("store {} server stopped", storeId);
  }

  private void closeQuietly() {
    if (server != null) {
      server.shutdown();
      // raft streams from other stores never end by themselves: end them, the grace is for the rest
      raftStreams.closeAll();
      try {
        if (!server.awaitTermination(config.shutdownGraceMs(), TimeUnit.MILLISECONDS)) {
          server.shutdownNow();
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (store != null) {
      store.close();
    }
    if (transport != null) {
      transport.close();
    }
    if (readPool != null) {
      readPool.shutdownNow();
    }
    if (storage != null) {
      storage.close();
    }
    if (server != null) {
      try {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requireStarted() {
    if (!started || server == null) {
      throw new IllegalStateException("store server " + storeId + " is not started");
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
