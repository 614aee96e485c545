package io.kiln.testkit.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.storage.gc.GcWorker;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * MVCC GC on a 3-store cluster: once the safe point moves past old versions, the leader's GC
 * worker removes them through raft, so every replica drops the same versions, and reads at or
 * above the safe point see what they saw before.
 */
class MvccGcClusterTest {

  @Test
  void versionsBelowTheSafePointAreRemovedOnEveryReplica() {
    long seed = Seeds.clusterSeed();
    System.out.println("[seed] MvccGcClusterTest seed=" + seed);
    Tso tso = Tso.systemClock();
    try (Cluster c = TxnClusters.started(seed, 3); TxnStores stores = TxnClusters.stores(c, tso)) {
      TxnDriver d = TxnClusters.driver(c, stores, tso, 3000, c.newRandom());
      ByteString k = ByteString.copyFromUtf8("gc-key");
      List<Long> commits = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        commits.add(d.commit(d.begin(), Map.of(k, ("v" + i).getBytes(StandardCharsets.UTF_8))));
      }
      long big = d.commit(d.begin(), Map.of(ByteString.copyFromUtf8("gc-big"), "x".repeat(1000).getBytes(StandardCharsets.UTF_8)));
      d.commit(d.begin(), Map.of(ByteString.copyFromUtf8("gc-big"), "y".getBytes(StandardCharsets.UTF_8)));
      long safePoint = tso.next();
      for (long s : c.storeIds()) {
        TxnClusters.waitUntil(() -> TxnClusters.count(c, s, Cf.WRITE) == 7, "store " + s + " has every version");
      }
      assertThat(big).isPositive();

      AtomicLong sp = new AtomicLong(safePoint);
      List<GcWorker> workers = new ArrayList<>();
      for (long s : c.storeIds()) {
        workers.add(new GcWorker(c.store(s), sp::get));
      }
      workers.forEach(GcWorker::poll);

      for (long s : c.storeIds()) {
        TxnClusters.waitUntil(() -> TxnClusters.count(c, s, Cf.WRITE) == 2, "store " + s + " keeps one version per key");
        TxnClusters.waitUntil(() -> TxnClusters.count(c, s, Cf.DEFAULT) == 0, "store " + s + " dropped the long value");
      }
      assertThat(workers.stream().mapToLong(GcWorker::versionsDeleted).sum()).isEqualTo(5);
      assertThat(new String(d.get(d.begin(), k), StandardCharsets.UTF_8)).isEqualTo("v5");
      assertThat(new String(d.get(safePoint, ByteString.copyFromUtf8("gc-big")), StandardCharsets.UTF_8))
          .isEqualTo("y");
      workers.forEach(GcWorker::close);
    }
  }
}
