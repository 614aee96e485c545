package io.kiln.testkit.raftstore;

import io.kiln.testkit.Cluster;
import io.kiln.testkit.EngineFactory;
import java.time.Duration;

/**
 * How the scenarios build their clusters: 5 stores, test timings, engines from {@code
 * -Dkiln.cluster.engine} ({@code rocksdb}, the default; {@code memory}; or {@code lossy}, memory that loses unsynced writes when a store stops).
 */
final class Clusters {

  private Clusters() {}

  static final String ENGINE = System.getProperty("kiln.cluster.engine", "rocksdb");

  static EngineFactory engines() {
    return switch (ENGINE) {
      case "memory" -> EngineFactory.memory();
      case "rocksdb" -> EngineFactory.rocksdb();
      case "lossy" -> EngineFactory.memoryLosingUnsyncedWrites();
      default -> throw new IllegalArgumentException("unknown -Dkiln.cluster.engine=" + ENGINE
          + " (rocksdb, memory or lossy)");
    };
  }

  /** A started cluster of {@code stores} stores with a leader for the first region. */
  static Cluster started(long seed, int stores) {
    return started(seed, stores, engines());
  }

  /** A started cluster on {@code engines} with a leader for the first region. */
  static Cluster started(long seed, int stores, EngineFactory engines) {
    return started(seed, stores, engines, io.kiln.raftstore.RaftStoreConfig.forTests());
  }

  /** As above, with the raftstore configured by {@code config}. */
  static Cluster started(long seed, int stores, EngineFactory engines, io.kiln.raftstore.RaftStoreConfig config) {
    Cluster c = Cluster.builder().stores(stores).seed(seed).engines(engines).config(config).build();
    try {
      c.start();
      c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }
}
