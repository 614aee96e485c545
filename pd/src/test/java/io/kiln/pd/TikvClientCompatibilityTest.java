package io.kiln.pd;

import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Metapb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tikv.common.ReadOnlyPDClient;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.meta.TiTimestamp;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.common.util.Pair;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/** TiKV's Java client (org.tikv:tikv-client-java 3.3.5) talks to Kiln's PD unchanged. */
class TikvClientCompatibilityTest {

  private final PdHarness pd = new PdHarness(c -> c.withMaxReplicas(1));

  @AfterEach
  void close() {
    pd.close();
  }

  @Test
  void theClientFindsTheClusterTimestampsStoresAndRegions() throws Exception {
    pd.bootstrap();
    pd.liveStore(4);
    Metapb.Peer leader = peer(3, 1);
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(10, "", "m", 1, 2, peer(11, 4)), peer(11, 4), 1));
      stream.send(pd.heartbeat(region(2, "m", "", 1, 2, leader), leader, 1));
      stream.sync();
    }

    TiConfiguration conf = TiConfiguration.createRawDefault("127.0.0.1:" + pd.server.port());
    conf.setWarmUpEnable(false);
    try (TiSession session = TiSession.create(conf)) {
      ReadOnlyPDClient client = session.getPDClient();
      assertThat(client.getClusterId()).isEqualTo(pd.server.clusterId());

      TiTimestamp last = session.getTimestamp();
      for (int i = 0; i < 100; i++) {
        TiTimestamp ts = session.getTimestamp();
        assertThat(ts.getVersion()).isGreaterThan(last.getVersion());
        last = ts;
      }
      assertThat(last.getPhysical()).isEqualTo(PdHarness.T0);

      Pair<org.tikv.kvproto.Metapb.Region, org.tikv.kvproto.Metapb.Peer> z =
          client.getRegionByKey(backOff(), ByteString.copyFromUtf8("z"));
      assertThat(z.first.getId()).isEqualTo(2);
      assertThat(z.second.getStoreId()).isEqualTo(1);
      assertThat(client.getRegionByKey(backOff(), ByteString.copyFromUtf8("a")).first.getId()).isEqualTo(10);
      assertThat(client.getRegionByID(backOff(), 10).second.getId()).isEqualTo(11);

      assertThat(client.getStore(backOff(), 4).getAddress()).isEqualTo("127.0.0.1:20164");
      assertThat(client.getAllStores(backOff())).hasSize(2);
      assertThat(client.scanRegions(backOff(), ByteString.EMPTY, ByteString.EMPTY, 10))
          .extracting(Pdpb.Region::getRegion).extracting(r -> r.getId()).containsExactly(10L, 2L);
      assertThat(client.updateServiceGCSafePoint("kiln-test", 60, 5, backOff())).isZero();
    }
  }

  private ConcreteBackOffer backOff() {
    return ConcreteBackOffer.newCustomBackOff(10_000, pd.server.clusterId());
  }
}
