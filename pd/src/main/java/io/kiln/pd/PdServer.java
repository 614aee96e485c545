package io.kiln.pd;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.kiln.engine.KvEngine;
import io.kiln.pd.clock.PdClock;
import io.kiln.pd.cluster.ClusterIdentity;
import io.kiln.pd.cluster.GcSafePoints;
import io.kiln.pd.cluster.PdCluster;
import io.kiln.pd.grpc.GrpcPdService;
import io.kiln.pd.id.PersistentIdAllocator;
import io.kiln.pd.member.Membership;
import io.kiln.pd.member.StandaloneMembership;
import io.kiln.pd.schedule.OperatorController;
import io.kiln.pd.schedule.ReplicaChecker;
import io.kiln.pd.storage.EngineMetaStorage;
import io.kiln.pd.storage.MetaStorage;
import io.kiln.pd.tso.PersistentTso;
import io.kiln.proto.PDGrpc;
import io.kiln.pd.metrics.PdMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A placement driver: TiKV's {@code pdpb.PD} service and {@code grpc.health.v1.Health} on one
 * gRPC port, over a {@link KvEngine} that holds PD's state. A PD started again over the same
 * engine continues where the last one stopped (cluster id, bootstrap, stores, regions, ids, TSO,
 * safe points).
 *
 * <pre>{@code
 * try (PdServer pd = new PdServer(PdConfig.defaults().withPort(0), engine, new SystemPdClock())) {
 *   pd.start();
 *   String target = "127.0.0.1:" + pd.port();   // what TiKV clients are given
 * }
 * }</pre>
 *
 * The engine belongs to the caller: close it after the server.
 */
public final class PdServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PdServer.class);
  private static final long GRACE_MILLIS = 5_000;

  private final PdConfig config;
  private final MetaStorage storage;
  private final PdClock clock;
  private final HealthStatusManager health = new HealthStatusManager();
  private volatile Membership membership;
  private PdCluster cluster;
  private PersistentTso tso;
  private Server server;
  private PdMetrics metrics;
  private boolean closed;

  public PdServer(PdConfig config, KvEngine engine, PdClock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.storage = new EngineMetaStorage(Objects.requireNonNull(engine, "engine"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records PD's metrics ({@link PdMetrics}) into {@code registry} once started. Call before
   * {@link #start()}; a registry serves one PD.
   */
  public synchronized PdServer withMetrics(PrometheusRegistry registry) {
    if (server != null) {
      throw new IllegalStateException("metrics must be set before start");
    }
    metrics = new PdMetrics(registry);
    PdMetrics.registerCluster(registry, this::clusterIfStarted, clock::nowMillis, config.storeDisconnectMillis());
    return this;
  }

  private synchronized PdCluster clusterIfStarted() {
    return cluster;
  }

  /**
   * Loads PD's state from the engine and starts serving.
   *
   * @throws UncheckedIOException if the port cannot be bound
   * @throws IllegalStateException if already started or closed
   */
  public synchronized PdServer start() {
    if (server != null || closed) {
      throw new IllegalStateException("PdServer can be started once");
    }
    SecureRandom random = new SecureRandom();
    long clusterId = ClusterIdentity.loadOrCreateClusterId(storage, config.clusterId(), clock.nowMillis(), random::nextLong);
    long memberId = ClusterIdentity.loadOrCreateMemberId(storage, random::nextLong);
    PersistentIdAllocator ids = new PersistentIdAllocator(storage, PersistentIdAllocator.DEFAULT_STEP);
    ids.load();
    tso = new PersistentTso(storage, clock, config.tsoSaveIntervalMillis());
    tso.load();
    cluster = new PdCluster(clusterId, storage, clock, ids, config.maxReplicas(), config.storeDisconnectMillis());
    cluster.load();
    GcSafePoints gc = new GcSafePoints(storage, clock);
    OperatorController operators = new OperatorController(cluster, List.of(new ReplicaChecker()), clock,
        config.operatorTimeoutMillis());
    GrpcPdService service = new GrpcPdService(cluster, tso, ids, gc, operators, () -> membership);

    server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .addService(metrics == null ? service.bindService() : ServerInterceptors.intercept(service, metrics))
        .addService(health.getHealthService())
        .permitKeepAliveTime(1, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("PD cannot listen on " + config.host() + ":" + config.port(), e);
    }
    membership = StandaloneMembership.of(config.name(), memberId, clientUrl());
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(PDGrpc.SERVICE_NAME, ServingStatus.SERVING);
    LOG.info("PD {} (member {}) of cluster {} serves at {} ({})", config.name(), Long.toUnsignedString(memberId),
        Long.toUnsignedString(clusterId), clientUrl(), cluster.isBootstrapped() ? "bootstrapped" : "not bootstrapped");
    return this;
  }

  /** The port PD listens on (the chosen one when configured with 0). */
  public synchronized int port() {
    requireStarted();
    return server.getPort();
  }

  /** The cluster id, persisted in the engine. */
  public synchronized long clusterId() {
    requireStarted();
    return cluster.clusterId();
  }

  /** The URL clients are told to use. */
  public synchronized String clientUrl() {
    requireStarted();
    if (!config.advertiseClientUrl().isEmpty()) {
      return config.advertiseClientUrl();
    }
    String host = config.host();
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
  }

  /** The cluster's metadata, for administration (store states) and tests. */
  public synchronized PdCluster cluster() {
    requireStarted();
    return cluster;
  }

  /**
   * Stops serving: health turns NOT_SERVING, new calls are refused, running calls get {@value
   * #GRACE_MILLIS} ms to finish before they are cancelled. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server == null) {
      return;
    }
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("PD {} stopped", config.name());
  }

  private void requireStarted() {
    if (server == null) {
      throw new IllegalStateException("PdServer is not started");
    }
  }
}
