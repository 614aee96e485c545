package io.kiln.pd;

import static io.kiln.pd.cluster.TestRegions.key;
import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static io.kiln.pd.cluster.TestRegions.store;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import io.kiln.proto.Metapb;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Everything PD must not forget survives a restart over the same engine. */
class PdServerRestartTest {

  private final PdHarness pd = new PdHarness(c -> c.withMaxReplicas(1));

  @AfterEach
  void close() {
    pd.close();
  }

  @Test
  void aRestartedPdKnowsTheClusterStoresRegionsIdsTimestampsAndSafePoints() throws Exception {
    pd.bootstrap();
    pd.liveStore(4);
    pd.server.cluster().stores().setState(4, Metapb.StoreState.Offline);
    try (PdHarness.HeartbeatStream stream = pd.heartbeats()) {
      stream.send(pd.heartbeat(region(10, "", "m", 1, 2, peer(11, 1)), peer(11, 1), 1));
      stream.send(pd.heartbeat(region(2, "m", "", 1, 2, peer(3, 1)), peer(3, 1), 1));
      stream.sync();
    }
    long id = pd.pd().allocID(Pdpb.AllocIDRequest.newBuilder().setHeader(pd.header).build()).getId();
    Pdpb.TsoResponse tso = ClientCalls.blockingUnaryCall(pd.channel, PDGrpc.getTsoMethod(),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        Pdpb.TsoRequest.newBuilder().setHeader(pd.header).setCount(1).build());
    pd.pd().updateGCSafePoint(Pdpb.UpdateGCSafePointRequest.newBuilder().setHeader(pd.header).setSafePoint(77).build());
    pd.pd().updateServiceGCSafePoint(Pdpb.UpdateServiceGCSafePointRequest.newBuilder().setHeader(pd.header)
        .setServiceId(ByteString.copyFromUtf8("gc_worker")).setTTL(Long.MAX_VALUE).setSafePoint(66).build());
    long clusterId = pd.server.clusterId();

    pd.clock.advance(-10_000);
    pd.restart();

    assertThat(pd.server.clusterId()).isEqualTo(clusterId);
    Pdpb.GetMembersResponse members = pd.pd().getMembers(Pdpb.GetMembersRequest.getDefaultInstance());
    assertThat(members.getHeader().getClusterId()).isEqualTo(clusterId);
    assertThat(pd.pd().isBootstrapped(Pdpb.IsBootstrappedRequest.newBuilder().setHeader(pd.header).build())
        .getBootstrapped()).isTrue();

    Pdpb.GetAllStoresResponse stores = pd.pd().getAllStores(Pdpb.GetAllStoresRequest.newBuilder().setHeader(pd.header).build());
    assertThat(stores.getStoresList()).extracting(Metapb.Store::getId).containsExactly(1L, 4L);
    assertThat(stores.getStores(1).getAddress()).isEqualTo(store(4, "127.0.0.1:20164").getAddress());
    assertThat(stores.getStores(1).getState()).isEqualTo(Metapb.StoreState.Offline);

    assertThat(pd.getRegion("a").getRegion()).isEqualTo(region(10, "", "m", 1, 2, peer(11, 1)));
    assertThat(pd.getRegion("z").getRegion()).isEqualTo(region(2, "m", "", 1, 2, peer(3, 1)));
    assertThat(pd.getRegion("z").hasLeader()).as("leaders come back with heartbeats").isFalse();
    assertThat(pd.pd().scanRegions(Pdpb.ScanRegionsRequest.newBuilder().setHeader(pd.header)
        .setStartKey(key("")).build()).getRegionMetasCount()).isEqualTo(2);

    assertThat(pd.pd().allocID(Pdpb.AllocIDRequest.newBuilder().setHeader(pd.header).build()).getId()).isGreaterThan(id);
    Pdpb.TsoResponse after = ClientCalls.blockingUnaryCall(pd.channel, PDGrpc.getTsoMethod(),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        Pdpb.TsoRequest.newBuilder().setHeader(pd.header).setCount(1).build());
    assertThat(after.getTimestamp().getPhysical()).isGreaterThan(tso.getTimestamp().getPhysical());

    assertThat(pd.pd().getGCSafePoint(Pdpb.GetGCSafePointRequest.newBuilder().setHeader(pd.header).build())
        .getSafePoint()).isEqualTo(77);
    assertThat(pd.pd().updateServiceGCSafePoint(Pdpb.UpdateServiceGCSafePointRequest.newBuilder().setHeader(pd.header)
        .setServiceId(ByteString.copyFromUtf8("br")).setTTL(60).setSafePoint(10).build()).getMinSafePoint())
        .isEqualTo(66);
    assertThat(pd.pd().getClusterConfig(Pdpb.GetClusterConfigRequest.newBuilder().setHeader(pd.header).build())
        .getCluster().getMaxPeerCount()).isEqualTo(1);
  }

  @Test
  void aPortCanBeChosenAndTheServerClosesGracefully() {
    int port = pd.server.port();
    assertThat(port).isPositive();
    assertThat(pd.server.clientUrl()).isEqualTo("http://127.0.0.1:" + port);

    pd.server.close();
    pd.server.close();
  }
}
