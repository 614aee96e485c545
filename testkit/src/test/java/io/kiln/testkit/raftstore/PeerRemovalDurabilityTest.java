package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.EngineFactory;
import io.kiln.testkit.client.ClusterClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store whose peer was removed from its region keeps it removed across a power cut: the
 * Tombstone must be durable before the peer's raft state is deleted, or the store restarts with a
 * Normal region and no raft state.
 */
class PeerRemovalDurabilityTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  @Test
  void aRemovedPeerStaysRemovedAfterAPowerCut() throws Exception {
    try (Cluster c = Clusters.started(seed.value(), 3, EngineFactory.memoryLosingUnsyncedWrites())) {
      ClusterClient client = c.client();
      client.put("k", "v");
      long leader = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      long victim = c.storeIds().stream().filter(s -> s != leader).findFirst().orElseThrow();
      Peer removed = Peer.newBuilder().setId(100 + victim).setStoreId(victim).build();
      Region after = client.changePeer(new byte[0], ConfChangeType.RemoveNode, removed);
      assertThat(after.getPeersList()).doesNotContain(removed);

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (c.store(victim).region(Cluster.FIRST_REGION_ID).isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(c.store(victim).region(Cluster.FIRST_REGION_ID)).as("store %d destroyed its peer", victim).isEmpty();

      c.stopStore(victim); // a power cut: whatever the store did not sync is lost
      c.startStore(victim);
      assertThat(c.store(victim).region(Cluster.FIRST_REGION_ID)).as("store %d after restart", victim).isEmpty();
      client.put("k", "v2");
      assertThat(client.get("k")).isEqualTo("v2");
    }
  }
}
