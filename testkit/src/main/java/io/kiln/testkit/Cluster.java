package io.kiln.testkit;

import io.kiln.engine.Cf;
import io.kiln.engine.KvEngine;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.testkit.client.ClientOptions;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.client.StoreDirectory;
import io.kiln.testkit.net.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N stores in one JVM, joined by a {@link SimNetwork}, each on its own engines from an {@link
 * EngineFactory} (RocksDB in temporary folders, or memory). Stores are numbered 1..N; every store
 * holds a peer (id {@code 100 + storeId}) of the first region (id 1, all keys), bootstrapped by
 * {@link #start()}. Stores can be stopped and started again from their data; {@link #close()}
 * stops everything and deletes the data.
 *
 * <p>One seed drives every random choice the cluster hands out ({@link #newRandom()}: network
 * filters, clients); the raftstore's own timing is not under its control.
 */
public final class Cluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  public static final long CLUSTER_ID = 1;
  public static final long FIRST_REGION_ID = 1;

  private final long seed;
  private final RaftStoreConfig config;
  private final EngineFactory engines;
  private final SimNetwork network = new SimNetwork();
  private final Map<Long, StoreNode> nodes = new LinkedHashMap<>();
  private final NodeDirectory directory;
  private final Region firstRegion;
  private final AtomicLong randoms = new AtomicLong();
  private boolean started;
  private boolean closed;

  private Cluster(int stores, RaftStoreConfig config, EngineFactory engines, long seed) {
    this.seed = seed;
    this.config = config;
    this.engines = engines;
    Region.Builder region = Region.newBuilder().setId(FIRST_REGION_ID)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1));
    for (long s = 1; s <= stores; s++) {
      nodes.put(s, new StoreNode(s, config, engines, network, id -> {
        StoreNode n = nodes.get(id);
        return n == null ? null : n.store();
      }, () -> newRandom().nextLong()));
      region.addPeers(Peer.newBuilder().setId(100 + s).setStoreId(s));
    }
    this.firstRegion = region.build();
    this.directory = new NodeDirectory(nodes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Bootstraps every store's engines and starts every store. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the cluster was already started");
    }
    started = true;
    for (StoreNode n : nodes.values()) {
      n.bootstrap(CLUSTER_ID, firstRegion);
    }
    for (StoreNode n : nodes.values()) {
      n.start();
    }
    LOG.info("cluster of {} stores on {} started, seed {}", nodes.size(), engines.name(), seed);
  }

  public long seed() {
    return seed;
  }

  /** A new Random derived from the cluster's seed (the n-th call always gets the same one). */
  public Random newRandom() {
    return new Random(seed * 0x9E3779B97F4A7C15L + randoms.incrementAndGet());
  }

  public RaftStoreConfig config() {
    return config;
  }

  /** The raft election timeout (base tick times election ticks); a new leader takes up to twice this. */
  public Duration electionTimeout() {
    return Duration.ofMillis(config.raftBaseTickIntervalMs() * config.raftElectionTimeoutTicks());
  }

  public String engineName() {
    return engines.name();
  }

  public Region firstRegion() {
    return firstRegion;
  }

  public List<Long> storeIds() {
    return directory.storeIds();
  }

  public SimNetwork network() {
    return network;
  }

  /** The running store {@code storeId}. */
  public RaftStore store(long storeId) {
    RaftStore s = node(storeId).store();
    if (s == null) {
      throw new IllegalStateException("store " + storeId + " is not running");
    }
    return s;
  }

  public boolean isRunning(long storeId) {
    return node(storeId).isRunning();
  }

  public List<Long> runningStores() {
    return nodes.values().stream().filter(StoreNode::isRunning).map(StoreNode::storeId).toList();
  }

  /** Stops store {@code storeId} abruptly: it leaves the network, its threads stop, its engines close. */
  public void stopStore(long storeId) {
    node(storeId).stop();
  }

  /** Starts a stopped store again over its engines, reopened from their folder. */
  public void startStore(long storeId) {
    node(storeId).start();
  }

  /** Stops (if running) and starts store {@code storeId}. */
  public void restartStore(long storeId) {
    StoreNode n = node(storeId);
    if (n.isRunning()) {
      n.stop();
    }
    n.start();
  }

  /** The kv engine of a running store, for checks that read a replica directly. */
  public KvEngine kvEngine(long storeId) {
    return node(storeId).kv();
  }

  /** The value of {@code key} in store {@code storeId}'s kv engine (CF default), or null. */
  public byte[] engineGet(long storeId, byte[] key) {
    return kvEngine(storeId).get(Cf.DEFAULT, Keys.dataKey(key));
  }

  /** Same as {@link #engineGet(long, byte[])} for UTF-8 keys and values. */
  public String engineGet(long storeId, String key) {
    byte[] v = engineGet(storeId, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return v == null ? null : new String(v, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The store whose peer leads {@code regionId}, if exactly one running store says it leads. */
  public Optional<Long> leaderOf(long regionId) {
    List<Long> leaders = leadersOf(regionId, storeIds());
    return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
  }

  /** Every running store among {@code among} whose peer of {@code regionId} believes it leads. */
  public List<Long> leadersOf(long regionId, Collection<Long> among) {
    List<Long> out = new ArrayList<>();
    for (long id : among) {
      RaftStore s = node(id).store();
      try {
        if (s != null && s.isLeader(regionId)) {
          out.add(id);
        }
      } catch (RuntimeException e) {
        // stopping
      }
    }
    return out;
  }

  /** Waits until exactly one running store leads {@code regionId}; returns it. */
  public long waitForLeader(long regionId, Duration timeout) {
    return waitForLeader(regionId, storeIds(), timeout);
  }

  /** Waits until exactly one store of {@code among} leads {@code regionId} (a side of a partition). */
  public long waitForLeader(long regionId, Collection<Long> among, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Long> last = List.of();
    while (System.nanoTime() < deadline) {
      last = leadersOf(regionId, among);
      if (last.size() == 1) {
        return last.get(0);
      }
      sleep(5);
    }
    throw new IllegalStateException("no single leader of region " + regionId + " among stores " + among
        + " within " + timeout.toMillis() + " ms (leaders: " + last + ", running: " + runningStores() + ")");
  }

  /** The clients' view of the stores. */
  public StoreDirectory directory() {
    return directory;
  }

  /** A client with the default options (5 s per operation, every store). */
  public ClusterClient client() {
    return client(ClientOptions.defaults());
  }

  public ClusterClient client(ClientOptions options) {
    return new ClusterClient(directory, firstRegion, options, newRandom());
  }

  /** Waits until {@code key} has {@code expected} (null: absent) in store {@code storeId}'s engine. */
  public void waitForEngineValue(long storeId, String key, String expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String got = null;
    while (System.nanoTime() < deadline) {
      got = engineGet(storeId, key);
      if (java.util.Objects.equals(got, expected)) {
        return;
      }
      sleep(5);
    }
    throw new AssertionError("store " + storeId + ": key " + key + " is " + show(got) + ", expected "
        + show(expected) + " within " + timeout.toMillis() + " ms (seed " + seed + ")");
  }

  /** Stops every running store, the network, and deletes every store's data. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (StoreNode n : nodes.values()) {
      if (n.isRunning()) {
        try {
          n.stop();
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
    }
    network.close();
    engines.close();
    LOG.info("cluster closed; network {}", network.stats());
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "Cluster(" + nodes.size() + " stores on " + engines.name() + ", seed " + seed + ", running "
        + runningStores().stream().map(String::valueOf).collect(Collectors.joining(",")) + ")";
  }

  private StoreNode node(long storeId) {
    StoreNode n = nodes.get(storeId);
    if (n == null) {
      throw new IllegalArgumentException("no store " + storeId + " in " + nodes.keySet());
    }
    return n;
  }

  private static String show(String v) {
    return v == null ? "absent" : "'" + (v.length() > 80 ? v.substring(0, 80) + "..." : v) + "'";
  }

  private static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Builds a {@link Cluster}: 5 stores, test timings, RocksDB, a seed from {@link Seeds}. */
  public static final class Builder {
    private int stores = 5;
    private RaftStoreConfig config = RaftStoreConfig.forTests();
    private EngineFactory engines;
    private Long seed;

    public Builder stores(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("a cluster needs at least one store");
      }
      this.stores = n;
      return this;
    }

    public Builder config(RaftStoreConfig c) {
      this.config = c;
      return this;
    }

    public Builder engines(EngineFactory f) {
      this.engines = f;
      return this;
    }

    /** RocksDB in a temporary folder (the default). */
    public Builder rocksdb() {
      return engines(EngineFactory.rocksdb());
    }

    /** In-memory engines (fast; restarts keep even unsynced writes). */
    public Builder memory() {
      return engines(EngineFactory.memory());
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public Cluster build() {
      return new Cluster(stores, config, engines == null ? EngineFactory.rocksdb() : engines,
          seed == null ? Seeds.clusterSeed() : seed);
    }
  }
}
