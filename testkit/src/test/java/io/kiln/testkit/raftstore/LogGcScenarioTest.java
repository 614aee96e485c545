package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.net.Isolation;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TinyKV's project 2C on 5 stores: the same append workload as 2B, with a small raft log limit so
 * that logs are compacted all the time and stores that fell behind (restarted, partitioned)
 * catch up by snapshot. Every client's appends must survive, and on every store the log must
 * really be truncated: applied - truncated stays bounded.
 */
class LogGcScenarioTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  /** Compaction every 5 ticks, forced past 100 entries: snapshots are frequent. */
  static final RaftStoreConfig SMALL_LOG = RaftStoreConfig.forTests().toBuilder()
      .raftLogGcTickTicks(5).raftLogGcThreshold(20).raftLogGcCountLimit(100).build();
  /** The most entries a log may hold at the end: the count limit plus what a GC period can add. */
  static final long BOUND = 1_000;

  static RaftApplyState applyState(Cluster c, long store) {
    try {
      return RaftApplyState.parseFrom(c.kvEngine(store).get(Cf.RAFT, RaftEngineKeys.applyStateKey(Cluster.FIRST_REGION_ID)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every store truncated its log and keeps applied - truncated bounded. */
  static void logsAreTruncated(Cluster c) {
    for (long s : c.runningStores()) {
      RaftApplyState st = applyState(c, s);
      assertThat(st.getTruncatedState().getIndex()).as("store %d truncated its log", s).isGreaterThan(5);
      assertThat(st.getAppliedIndex() - st.getTruncatedState().getIndex())
          .as("store %d: applied %d, truncated %d", s, st.getAppliedIndex(), st.getTruncatedState().getIndex())
          .isLessThan(BOUND);
    }
  }

  void run(GenericScenario.Options o) throws InterruptedException {
    GenericScenario.run(seed.value(), o, GenericScenario.ROUNDS, GenericScenario.ROUND_MS, Clusters.engines(),
        SMALL_LOG, LogGcScenarioTest::logsAreTruncated);
  }

  @Test
  void snapshotCatchUpOfAnIsolatedStoreIncludingADelete() throws Exception {
    try (Cluster c = Clusters.started(seed.value(), 5, Clusters.engines(), SMALL_LOG)) {
      ClusterClient client = c.client();
      client.put("doomed", "soon gone");
      long leader = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      long isolated = leader % 5 + 1;
      c.waitForEngineValue(isolated, "doomed", "soon gone", Duration.ofSeconds(10));
      c.network().addFilter(new Isolation(isolated));
      for (int i = 0; i < 300; i++) {
        client.put("k" + i, "v" + i);
      }
      client.delete("doomed");
      c.network().clearFilters();
      c.waitForEngineValue(isolated, "k299", "v299", Duration.ofSeconds(20));
      assertThat(c.engineGet(isolated, "doomed")).as("the delete reached the isolated store").isNull();
      assertThat(c.store(isolated).snapManager().stats().applied()).as("it caught up by snapshot").isPositive();
      logsAreTruncated(c);
    }
  }

  @Test
  void oneClientRestarts() throws Exception {
    run(new GenericScenario.Options(1, false, true, false));
  }

  @Test
  void manyClientsRestart() throws Exception {
    run(new GenericScenario.Options(5, false, true, false));
  }

  @Test
  void unreliable() throws Exception {
    run(new GenericScenario.Options(5, true, false, false));
  }

  @Test
  void unreliableRestart() throws Exception {
    run(new GenericScenario.Options(5, true, true, false));
  }

  @Test
  void unreliableRestartPartitions() throws Exception {
    run(new GenericScenario.Options(5, true, true, true));
  }
}
