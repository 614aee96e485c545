package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb.Region;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.client.KvPair;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replication on a healthy network: TinyKV's Basic2B and Concurrent2B, and the client's operations. */
class BasicReplicationTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  @Test
  void basicOneClient() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(1, false, false, false));
  }

  @Test
  void concurrentClients() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, false, false, false));
  }

  @Test
  void putGetDeleteAndScanReachEveryReplica() {
    try (Cluster c = Clusters.started(seed.value(), 5)) {
      ClusterClient client = c.client();
      for (int i = 1; i <= 5; i++) {
        client.put("key" + i, "value" + i);
      }
      assertThat(client.get("key3")).isEqualTo("value3");
      assertThat(client.get("missing")).isNull();
      client.delete("key3");
      assertThat(client.get("key3")).isNull();
      assertThat(client.scan(bytes("key1"), bytes("key5"), 10)).extracting(KvPair::toString)
          .containsExactly("key1=value1", "key2=value2", "key4=value4");
      assertThat(client.scan(bytes(""), new byte[0], 2)).extracting(KvPair::toString)
          .containsExactly("key1=value1", "key2=value2");
      client.deleteRange(bytes("key1"), bytes("key3"));
      assertThat(client.scan(bytes(""), new byte[0], 10)).extracting(KvPair::toString)
          .containsExactly("key4=value4", "key5=value5");
      for (long s : c.storeIds()) {
        c.waitForEngineValue(s, "key5", "value5", Duration.ofSeconds(5));
        c.waitForEngineValue(s, "key1", null, Duration.ofSeconds(5));
        c.waitForEngineValue(s, "key3", null, Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void raftKvWritesAndReadsThroughRegionSnapshots() throws Exception {
    try (Cluster c = Clusters.started(seed.value(), 3)) {
      long leader = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      RaftStore store = c.store(leader);
      Region region = store.region(Cluster.FIRST_REGION_ID).orElseThrow();
      Kvrpcpb.Context ctx = Kvrpcpb.Context.newBuilder().setRegionId(region.getId())
          .setRegionEpoch(region.getRegionEpoch()).setPeer(store.peer(region.getId()).orElseThrow()).build();
      store.raftKv().asyncWrite(ctx, List.of(new Modify.Put(Cf.DEFAULT, bytes("a"), bytes("1")),
          new Modify.Put(Cf.DEFAULT, bytes("b"), bytes("2")))).get(5, TimeUnit.SECONDS);
      try (RegionSnapshot snap = store.raftKv().asyncSnapshot(ctx).get(5, TimeUnit.SECONDS)) {
        assertThat(snap.get(Cf.DEFAULT, bytes("a"))).isEqualTo(bytes("1"));
        assertThat(snap.get(Cf.DEFAULT, bytes("b"))).isEqualTo(bytes("2"));
        assertThat(snap.region().getId()).isEqualTo(region.getId());
      }
      assertThat(c.client().get("b")).isEqualTo("2");
      assertThat(ByteString.copyFrom(c.client().get(bytes("a"))).toStringUtf8()).isEqualTo("1");
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
