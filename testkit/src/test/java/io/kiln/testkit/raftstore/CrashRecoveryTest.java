package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.testkit.Cluster;
import io.kiln.testkit.EngineFactory;
import io.kiln.testkit.LossyMemoryEngineFactory;
import io.kiln.testkit.client.ClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stores stop abruptly while clients keep writing, so some peers have entries in their raft log
 * that they have not applied (or not even committed) when they go down; after they start again
 * from their engines, everything acknowledged must be there and nothing else may appear. On
 * RocksDB a stop closes the engines (nothing written is lost); on engines that lose unsynced
 * writes it is a power cut: applied data not yet synced is gone and must be rebuilt from the
 * raft log.
 */
class CrashRecoveryTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  @Test
  void aCrashBetweenRaftWriteAndApplyLosesNothingAcknowledged() throws Exception {
    try (Cluster c = Clusters.started(seed.value(), 5)) {
      crashWhileWriting(c);
    }
  }

  @Test
  void aPowerCutLosingUnsyncedAppliesLosesNothingAcknowledged() throws Exception {
    LossyMemoryEngineFactory engines = EngineFactory.memoryLosingUnsyncedWrites();
    try (Cluster c = Clusters.started(seed.value(), 5, engines)) {
      crashWhileWriting(c);
      assertThat(engines.lostBatches()).as("the power cuts lost unsynced writes (else this test tests nothing)")
          .isPositive();
      System.out.println("[crash] unsynced batches lost by power cuts: " + engines.lostBatches());
    }
  }

  /**
   * The kv engine (applied data and RaftApplyState) may reach the disk before the raft engine's
   * latest HardState: a commit-only HardState is written without sync, while RocksDB may sync the
   * kv engine's WAL at any time (here: explicitly). After a power cut the store must restart with
   * an applied index above the commit index it finds in its raft state (it forwards the commit
   * index, as TiKV does).
   */
  @Test
  void aStoreRestartsWhenItsKvEngineWasSyncedAheadOfItsRaftState() throws Exception {
    try (Cluster c = Clusters.started(seed.value(), 3, EngineFactory.memoryLosingUnsyncedWrites())) {
      ClusterClient client = c.client();
      client.put("k", "v1");
      long leader = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      client.put("k", "v2");
      c.kvEngine(leader).syncWal(); // the kv engine's WAL reaches the disk; the raft engine's last write may not
      c.stopStore(leader); // power cut
      c.startStore(leader);
      c.waitForEngineValue(leader, "k", "v2", Duration.ofSeconds(5));
      client.put("k", "v3");
      assertThat(client.get("k")).isEqualTo("v3");
    }
  }

  private void crashWhileWriting(Cluster c) throws Exception {
    Random random = c.newRandom();
    List<AppendClient> appenders = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int j = 0; j < 5; j++) {
      AppendClient a = new AppendClient(j,
          c.client(j % 2 == 0 ? GenericScenario.IMPATIENT : GenericScenario.CLIENT), c.newRandom());
      appenders.add(a);
      Thread t = new Thread(a, "append-" + j);
      threads.add(t);
      t.start();
    }
    for (int cycle = 0; cycle < 4; cycle++) {
      Thread.sleep(200 + random.nextInt(400));
      List<Long> victims = victims(c, random, cycle);
      for (long s : victims) {
        c.stopStore(s); // with commands in flight: their callbacks never come
      }
      Thread.sleep(random.nextInt((int) c.electionTimeout().toMillis() + 1));
      for (long s : victims) {
        c.startStore(s);
      }
      c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      System.out.println("[crash] cycle " + cycle + " stopped and restarted stores " + victims);
    }
    Thread.sleep(300);
    appenders.forEach(AppendClient::stop);
    for (Thread t : threads) {
      t.join(GenericScenario.CLIENT.deadline().toMillis() + 3000);
      assertThat(t.isAlive()).as("%s did not stop", t.getName()).isFalse();
    }
    ClusterClient checker = c.client(GenericScenario.CHECKER);
    List<String> problems = new ArrayList<>();
    for (AppendClient a : appenders) {
      GenericScenario.checkKeys(checker, a, 0, seed.value());
      problems.addAll(a.violations());
    }
    assertThat(problems).as("seed %d; %s", seed.value(),
        appenders.stream().map(AppendClient::summary).toList()).isEmpty();
    // Progress of the cluster, not of each client: an impatient client can see every one of its
    // puts cut off by the crashes on a loaded machine (seen once in 20 loops); safety is above.
    assertThat(appenders.stream().mapToInt(AppendClient::acks).sum())
        .as("the cluster acknowledged writes between crashes; %s", appenders.stream().map(AppendClient::summary).toList())
        .isPositive();
  }

  /** Even cycles: every store. Odd cycles: the leader and two others (a majority, so the rest stall). */
  private static List<Long> victims(Cluster c, Random random, int cycle) {
    List<Long> ids = new ArrayList<>(c.storeIds());
    Collections.shuffle(ids, random);
    if (cycle % 2 == 0) {
      return ids;
    }
    List<Long> out = new ArrayList<>();
    c.leaderOf(Cluster.FIRST_REGION_ID).ifPresent(out::add);
    for (long s : ids) {
      if (out.size() == 3) {
        break;
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }
}
