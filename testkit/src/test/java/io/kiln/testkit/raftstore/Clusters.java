package io.kiln.testkit.raftstore;

import io.kiln.testkit.Cluster;
import io.kiln.testkit.EngineFactory;
import java.time.Duration;

/**
 * How the scenarios build their clusters: 5 stores, test timings, engines from {@code
 * -Dkiln.cluster.engine} ({@code rocksdb}, the default, or {@code memory}).
 */
final class Clusters {

  private Clusters() {}

  static final String ENGINE = System.getProperty("kiln.cluster.engine", "rocksdb");

  static EngineFactory engines() {
    return switch (ENGINE) {
      case "memory" -> EngineFactory.memory();
      case "rocksdb" -> EngineFactory.rocksdb();
      default -> throw new IllegalArgumentException("unknown -Dkiln.cluster.engine=" + ENGINE
          + " (memory or rocksdb)");
    };
  }

  /** A started cluster of {@code stores} stores with a leader for the first region. */
  static Cluster started(long seed, int stores) {
    Cluster c = Cluster.builder().stores(stores).seed(seed).engines(engines()).build();
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
