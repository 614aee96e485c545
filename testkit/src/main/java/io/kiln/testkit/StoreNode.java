package io.kiln.testkit;

import io.kiln.engine.KvEngine;
import io.kiln.proto.Metapb.Region;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.raftstore.StoreBootstrap;
import io.kiln.testkit.net.SimNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store of a {@link Cluster} through its life: engines opened from the factory, a {@link
 * RaftStore} over them joined to the network, stopped (network first, then the store's threads,
 * then the engines) and started again over reopened engines.
 */
final class StoreNode {

  private static final Logger LOG = LoggerFactory.getLogger(StoreNode.class);

  private final long storeId;
  private final RaftStoreConfig config;
  private final EngineFactory factory;
  private final SimNetwork network;
  private StoreEngines engines;
  private volatile RaftStore store;
  private final java.util.function.LongFunction<RaftStore> stores;

  private final java.util.function.LongSupplier electionSeeds;

  StoreNode(long storeId, RaftStoreConfig config, EngineFactory factory, SimNetwork network,
      java.util.function.LongFunction<RaftStore> stores, java.util.function.LongSupplier electionSeeds) {
    this.storeId = storeId;
    this.electionSeeds = electionSeeds;
    this.stores = stores;
    this.config = config;
    this.factory = factory;
    this.network = network;
  }

  long storeId() {
    return storeId;
  }

  /** Prepares fresh engines: the store's identity and the cluster's first region. */
  synchronized void bootstrap(long clusterId, Region firstRegion) {
    engines = factory.open(storeId);
    StoreBootstrap.bootstrapStore(engines.kv(), clusterId, storeId);
    StoreBootstrap.bootstrapFirstRegion(engines.kv(), engines.raft(), firstRegion);
  }

  synchronized void start() {
    if (store != null) {
      throw new IllegalStateException("store " + storeId + " is already running");
    }
    if (engines == null) {
      engines = factory.open(storeId);
    }
    RaftStore s = new RaftStore(storeId, config, engines.kv(), engines.raft(), network.transport(storeId),
        System::nanoTime, engines.snapDir());
    s.setElectionSeed(electionSeeds.getAsLong());
    s.start();
    store = s;
    network.register(storeId, m -> SimSnapshotStream.deliver(s, m, stores));
    LOG.info("store {} started", storeId);
  }

  /** Stops the store as a crash would: nothing more goes out or comes in, then threads and engines stop. */
  synchronized void stop() {
    RaftStore s = store;
    if (s == null) {
      throw new IllegalStateException("store " + storeId + " is not running");
    }
    network.unregister(storeId);
    store = null;
    try {
      s.close();
    } finally {
      engines.close();
      engines = null;
    }
    LOG.info("store {} stopped", storeId);
  }

  /** The running store, or null. */
  RaftStore store() {
    return store;
  }

  boolean isRunning() {
    return store != null;
  }

  /** The kv engine while the store runs. */
  synchronized KvEngine kv() {
    if (engines == null) {
      throw new IllegalStateException("store " + storeId + " is not running: its engines are closed");
    }
    return engines.kv();
  }
}
