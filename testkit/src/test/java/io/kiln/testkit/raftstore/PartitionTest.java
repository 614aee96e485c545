package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.testkit.Cluster;
import io.kiln.testkit.client.ClientDeadlineException;
import io.kiln.testkit.client.ClientOptions;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.net.Partition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TinyKV's OnePartition2B and ManyPartitions*2B. */
class PartitionTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  @Test
  void aMinorityLeaderServesNobodyAndCatchesUpAfterHealing() {
    try (Cluster c = Clusters.started(seed.value(), 5)) {
      ClusterClient client = c.client();
      long leader = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      List<Long> others = new ArrayList<>(c.storeIds());
      others.remove(leader);
      Collections.shuffle(others, c.newRandom());

      // The leader is in the majority: the partition does not stop it.
      Set<Long> big = Set.of(leader, others.get(0), others.get(1));
      Set<Long> small = Set.of(others.get(2), others.get(3));
      c.network().setFilters(List.of(Partition.of(big, small)));
      client.put("k1", "v1");
      assertThat(client.get("k1")).isEqualTo("v1");
      for (long s : small) {
        assertThat(c.engineGet(s, "k1")).as("store %d is cut off", s).isNull();
      }
      c.network().clearFilters();

      // The old leader is now in the minority: the majority elects a new one and goes on.
      Set<Long> minority = Set.of(leader, others.get(0));
      Set<Long> majority = Set.of(others.get(1), others.get(2), others.get(3));
      c.network().setFilters(List.of(Partition.of(minority, majority)));
      ClusterClient majorityClient = c.client(ClientOptions.defaults().withStores(majority));
      assertThat(majorityClient.get("k1")).isEqualTo("v1");
      majorityClient.put("k1", "changed");
      for (long s : minority) {
        c.waitForEngineValue(s, "k1", "v1", Duration.ofSeconds(5));
      }

      // A client that reaches only the minority gets nothing done: no write, no read.
      ClusterClient minorityClient = c.client(ClientOptions.defaults().withDeadline(Duration.ofSeconds(1))
          .withAttemptTimeout(Duration.ofMillis(200)).withStores(minority));
      assertThatThrownBy(() -> minorityClient.put("k1", "minority")).isInstanceOf(ClientDeadlineException.class);
      assertThatThrownBy(() -> minorityClient.get("k1"))
          .as("a read through the minority must not succeed (it could only return the stale v1)")
          .isInstanceOf(ClientDeadlineException.class);
      assertThatThrownBy(() -> minorityClient.scan(BasicReplicationTest.bytes("k"), new byte[0], 10))
          .isInstanceOf(ClientDeadlineException.class);
      for (long s : minority) {
        assertThat(c.engineGet(s, "k1")).as("store %d must not apply the minority's write", s).isEqualTo("v1");
      }

      // Healed: the old leader's side catches up; its unanswered write never lands.
      c.network().clearFilters();
      client.put("k2", "v2");
      for (long s : minority) {
        c.waitForEngineValue(s, "k2", "v2", Duration.ofSeconds(5));
        c.waitForEngineValue(s, "k1", "changed", Duration.ofSeconds(5));
      }
      assertThat(client.get("k1")).isEqualTo("changed");
    }
  }

  @Test
  void manyPartitionsOneClient() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(1, false, false, true));
  }

  @Test
  void manyPartitionsManyClients() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, false, false, true));
  }
}
