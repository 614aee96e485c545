package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.testkit.Cluster;
import io.kiln.testkit.client.ClientDeadlineException;
import io.kiln.testkit.client.ClientOptions;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.client.KvPair;
import io.kiln.testkit.net.Isolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lease reads stay linearizable when a partition elects a new leader: the old leader is cut off
 * from the other stores but a client still reaches it. Once the other side has acknowledged a
 * write, no read that starts later may return the old value from the old leader: it must refuse
 * (NotLeader) or never answer.
 */
class LeaseReadLinearizabilityTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  record Read(long startNanos, long endNanos, String value) {}

  @Test
  void anIsolatedOldLeaderServesNoStaleReadAfterTheNewSideAcknowledgesAWrite() throws Exception {
    try (Cluster c = Clusters.started(seed.value(), 5)) {
      c.client().put("k", "v1");
      long old = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      ClusterClient oldSide = c.client(ClientOptions.defaults().withDeadline(Duration.ofMillis(150))
          .withAttemptTimeout(Duration.ofMillis(100)).withStores(Set.of(old)));
      assertThat(oldSide.get("k")).isEqualTo("v1");

      List<Read> reads = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader = new Thread(() -> {
        boolean scan = false;
        while (!stop.get()) {
          long start = System.nanoTime();
          try {
            String v = scan ? scanOne(oldSide) : oldSide.get("k");
            reads.add(new Read(start, System.nanoTime(), v));
          } catch (ClientDeadlineException e) {
            // refused or unanswered: allowed
          }
          scan = !scan;
        }
      }, "old-leader-reader");
      reader.start();
      Thread.sleep(50);

      c.network().addFilter(new Isolation(old));
      List<Long> rest = new ArrayList<>(c.storeIds());
      rest.remove(old);
      ClusterClient newSide = c.client(ClientOptions.defaults().withStores(Set.copyOf(rest)));
      long isolatedAt = System.nanoTime();
      newSide.put("k", "v2");
      long ackedAt = System.nanoTime();
      Thread.sleep(500);
      stop.set(true);
      reader.join();

      List<Read> stale = reads.stream().filter(r -> r.startNanos() > ackedAt && !"v2".equals(r.value())).toList();
      long before = reads.stream().filter(r -> r.endNanos() < isolatedAt).count();
      System.out.printf("[lease] old leader %d: %d reads before isolation, %d after; v2 acknowledged %d ms after isolation%n",
          old, before, reads.size() - before, (ackedAt - isolatedAt) / 1_000_000);
      assertThat(stale).as("reads from the isolated old leader %d that began after v2 was acknowledged", old)
          .isEmpty();

      c.network().clearFilters();
      c.waitForEngineValue(old, "k", "v2", Duration.ofSeconds(5));
      assertThat(c.client().get("k")).isEqualTo("v2");
    }
  }

  private static String scanOne(ClusterClient client) {
    List<KvPair> pairs = client.scan(BasicReplicationTest.bytes("k"), BasicReplicationTest.bytes("k\0"), 1);
    return pairs.isEmpty() ? null : pairs.get(0).valueString();
  }
}
