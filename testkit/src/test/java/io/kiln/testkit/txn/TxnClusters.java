package io.kiln.testkit.txn;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvSnapshot;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.storage.StorageConfig;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.EngineFactory;
import java.time.Duration;
import java.util.Random;

/** How the transaction scenarios build clusters and drivers. */
final class TxnClusters {

  private TxnClusters() {}

  static Cluster started(long seed, int stores) {
    Cluster c = Cluster.builder().stores(stores).seed(seed).engines(EngineFactory.rocksdb())
        .config(RaftStoreConfig.forTests()).build();
    try {
      c.start();
      c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  static TxnStores stores(Cluster c, Tso tso) {
    return new TxnStores(c, tso, StorageConfig.forTests());
  }

  static TxnDriver driver(Cluster c, TxnStores stores, Tso tso, long lockTtlMs, Random random) {
    return new TxnDriver(c, stores, tso, Duration.ofSeconds(20), lockTtlMs, random);
  }

  /** Records in {@code cf} of store {@code storeId}'s kv engine (data keys only). */
  static int count(Cluster c, long storeId, String cf) {
    int n = 0;
    try (KvSnapshot s = c.kvEngine(storeId).snapshot();
         EngineIterator it = s.iterator(cf, Keys.DATA_MIN_KEY, Keys.DATA_MAX_KEY)) {
      for (boolean v = it.seekToFirst(); v; v = it.next()) {
        n++;
      }
    }
    return n;
  }

  static int locks(Cluster c, long storeId) {
    return count(c, storeId, Cf.LOCK);
  }

  /** Waits up to 20 s for {@code cond}; fails with {@code what} otherwise. */
  static void waitUntil(java.util.function.BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
