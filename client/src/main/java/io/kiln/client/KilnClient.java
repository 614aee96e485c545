package io.kiln.client;

import io.kiln.client.backoff.Backoffs;
import io.kiln.client.pd.GrpcPdClient;
import io.kiln.client.pd.PdClient;
import io.kiln.client.raw.RawKvClient;
import io.kiln.client.region.KeyMode;
import io.kiln.client.region.RegionCache;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.client.rpc.StoreChannels;
import io.kiln.client.txn.TxnClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entry point: a connection to one Kiln (or TiKV) cluster through its PD.
 *
 * <pre>{@code
 * try (KilnClient client = KilnClient.builder().pdEndpoints("127.0.0.1:2379").build()) {
 *   client.raw().put(key, value);
 *   Transaction txn = client.txn().begin();
 *   txn.set(key, value);
 *   txn.commit();
 * }
 * }</pre>
 *
 * <p>The raw and transactional APIs have region caches of their own (transactional regions are
 * looked up with memcomparable-encoded keys) and share the PD client, the store channels and the
 * executor. Closing the client closes them all.
 */
public final class KilnClient implements AutoCloseable {

  private final KilnClientConfig config;
  private final PdClient pd;
  private final Backoffs backoffs;
  private final StoreChannels channels;
  private final ScheduledExecutorService executor;
  private final RawKvClient raw;
  private final TxnClient txn;

  private KilnClient(KilnClientConfig config) {
    this.config = config;
    this.backoffs = Backoffs.system(config.random());
    this.pd = new GrpcPdClient(config.pdEndpoints(), backoffs, config.pdTimeoutMs(), config.rpcTimeoutMs());
    this.channels = new StoreChannels(config.rpcTimeoutMs());
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newScheduledThreadPool(config.asyncThreads(), r -> {
      Thread t = new Thread(r, "kiln-client-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.raw = new RawKvClient(new RegionRequestSender(new RegionCache(pd, KeyMode.RAW), channels), backoffs,
        config.requestTimeoutMs(), config.maxBatchKeys(), executor);
    this.txn = new TxnClient(pd, new RegionRequestSender(new RegionCache(pd, KeyMode.TXN), channels), backoffs,
        config.requestTimeoutMs(), config.maxBatchKeys(), executor);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The RawKV API. */
  public RawKvClient raw() {
    return raw;
  }

  /** The transactional API. */
  public TxnClient txn() {
    return txn;
  }

  /** The PD client (timestamps, stores, regions). */
  public PdClient pd() {
    return pd;
  }

  public KilnClientConfig config() {
    return config;
  }

  /** The executor the async forms run on. */
  ExecutorService executor() {
    return executor;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    channels.close();
    pd.close();
  }

  /** Settings with defaults: 20 s per operation, 5 s per RPC, 10 s per PD call, 1024 keys a batch. */
  public static final class Builder {
    private List<String> pdEndpoints = List.of("127.0.0.1:2379");
    private long requestTimeoutMs = 20_000;
    private long rpcTimeoutMs = 5_000;
    private long pdTimeoutMs = 10_000;
    private int maxBatchKeys = 1024;
    private int asyncThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Random random = new Random();

    public Builder pdEndpoints(String... endpoints) {
      this.pdEndpoints = Arrays.asList(endpoints);
      return this;
    }

    public Builder pdEndpoints(List<String> endpoints) {
      this.pdEndpoints = List.copyOf(endpoints);
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeoutMs = d.toMillis();
      return this;
    }

    public Builder rpcTimeout(Duration d) {
      this.rpcTimeoutMs = d.toMillis();
      return this;
    }

    public Builder pdTimeout(Duration d) {
      this.pdTimeoutMs = d.toMillis();
      return this;
    }

    public Builder maxBatchKeys(int n) {
      this.maxBatchKeys = n;
      return this;
    }

    public Builder asyncThreads(int n) {
      this.asyncThreads = n;
      return this;
    }

    /** The jitter source of backoffs; seed it to reproduce a run's retry timing. */
    public Builder random(Random random) {
      this.random = random;
      return this;
    }

    public KilnClient build() {
      return new KilnClient(new KilnClientConfig(pdEndpoints, requestTimeoutMs, rpcTimeoutMs, pdTimeoutMs,
          maxBatchKeys, asyncThreads, random));
    }
  }
}
