package io.kiln.pd;

import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static io.kiln.pd.cluster.TestRegions.store;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Pdpb;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PdServerBootstrapTest {

  private final PdHarness pd = new PdHarness();

  @AfterEach
  void close() {
    pd.close();
  }

  private Pdpb.BootstrapResponse bootstrap(Pdpb.RequestHeader header) {
    return pd.pd().bootstrap(Pdpb.BootstrapRequest.newBuilder()
        .setHeader(header)
        .setStore(store(1, "127.0.0.1:20160"))
        .setRegion(region(2, "", "", 1, 1, peer(3, 1)))
        .build());
  }

  private boolean isBootstrapped() {
    Pdpb.IsBootstrappedResponse response =
        pd.pd().isBootstrapped(Pdpb.IsBootstrappedRequest.newBuilder().setHeader(pd.header).build());
    assertThat(response.getHeader().hasError()).isFalse();
    return response.getBootstrapped();
  }

  @Test
  void getMembersNamesThisPdAsLeaderAndTellsTheClusterIdWithoutAskingForIt() {
    Pdpb.GetMembersResponse members = pd.pd().getMembers(Pdpb.GetMembersRequest.getDefaultInstance());

    assertThat(members.getHeader().getClusterId()).isEqualTo(pd.server.clusterId()).isNotZero();
    assertThat(members.getMembersList()).hasSize(1);
    assertThat(members.getLeader().getMemberId()).isNotZero().isEqualTo(members.getMembers(0).getMemberId());
    assertThat(members.getLeader().getClientUrlsList()).containsExactly("http://127.0.0.1:" + pd.server.port());
    assertThat(members.getEtcdLeader()).isEqualTo(members.getLeader());
  }

  @Test
  void bootstrapOnceThenAlreadyBootstrapped() {
    assertThat(isBootstrapped()).isFalse();

    Pdpb.BootstrapResponse first = bootstrap(pd.header);
    Pdpb.BootstrapResponse second = bootstrap(pd.header);

    assertThat(first.getHeader().hasError()).isFalse();
    assertThat(first.getHeader().getClusterId()).isEqualTo(pd.server.clusterId());
    assertThat(isBootstrapped()).isTrue();
    assertThat(second.getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.ALREADY_BOOTSTRAPPED);
  }

  @Test
  void anInvalidBootstrapGetsAnErrorHeader() {
    Pdpb.BootstrapResponse response = pd.pd().bootstrap(Pdpb.BootstrapRequest.newBuilder()
        .setHeader(pd.header)
        .setStore(store(1, "127.0.0.1:20160"))
        .setRegion(region(2, "a", "", 1, 1, peer(3, 1)))
        .build());

    assertThat(response.getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.UNKNOWN);
    assertThat(isBootstrapped()).isFalse();
  }

  @Test
  void requestsThatNeedAClusterAnswerNotBootstrappedBeforeBootstrap() {
    Pdpb.RequestHeader h = pd.header;
    var stub = pd.pd();
    assertNotBootstrapped(stub.getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(h).setStoreId(1).build()).getHeader());
    assertNotBootstrapped(stub.putStore(Pdpb.PutStoreRequest.newBuilder().setHeader(h).setStore(store(1, "a")).build()).getHeader());
    assertNotBootstrapped(stub.getAllStores(Pdpb.GetAllStoresRequest.newBuilder().setHeader(h).build()).getHeader());
    assertNotBootstrapped(pd.storeHeartbeat(1).getHeader());
    assertNotBootstrapped(pd.getRegion("a").getHeader());
    assertNotBootstrapped(stub.getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder().setHeader(h).setRegionId(2).build()).getHeader());
    assertNotBootstrapped(stub.scanRegions(Pdpb.ScanRegionsRequest.newBuilder().setHeader(h).build()).getHeader());
    assertNotBootstrapped(stub.getClusterConfig(Pdpb.GetClusterConfigRequest.newBuilder().setHeader(h).build()).getHeader());
    assertNotBootstrapped(stub.getGCSafePoint(Pdpb.GetGCSafePointRequest.newBuilder().setHeader(h).build()).getHeader());
    assertNotBootstrapped(stub.askBatchSplit(Pdpb.AskBatchSplitRequest.newBuilder().setHeader(h)
        .setRegion(region(2, "", "", 1, 1)).build()).getHeader());
  }

  private static void assertNotBootstrapped(Pdpb.ResponseHeader header) {
    assertThat(header.getError().getType()).isEqualTo(Pdpb.ErrorType.NOT_BOOTSTRAPPED);
  }

  @Test
  void allocIdNeedsNoBootstrapAndIsUniqueAndIncreasingAcrossRestarts() {
    long last = 0;
    for (int restart = 0; restart < 3; restart++) {
      for (int i = 0; i < 50; i++) {
        Pdpb.AllocIDResponse response = pd.pd().allocID(Pdpb.AllocIDRequest.newBuilder().setHeader(pd.header).build());
        assertThat(response.getHeader().hasError()).isFalse();
        assertThat(response.getId()).isGreaterThan(last);
        last = response.getId();
      }
      pd.restart();
    }
  }

  @Test
  void aWrongClusterIdGetsAnErrorHeaderWithTheRightClusterId() {
    Pdpb.RequestHeader wrong = Pdpb.RequestHeader.newBuilder().setClusterId(pd.server.clusterId() ^ 1).build();
    Function<Pdpb.ResponseHeader, Void> check = header -> {
      assertThat(header.getError().getType()).isEqualTo(Pdpb.ErrorType.UNKNOWN);
      assertThat(header.getError().getMessage()).contains("mismatch cluster id");
      assertThat(header.getClusterId()).isEqualTo(pd.server.clusterId());
      return null;
    };

    check.apply(bootstrap(wrong).getHeader());
    check.apply(pd.pd().allocID(Pdpb.AllocIDRequest.newBuilder().setHeader(wrong).build()).getHeader());
    check.apply(pd.pd().isBootstrapped(Pdpb.IsBootstrappedRequest.newBuilder().setHeader(wrong).build()).getHeader());
    check.apply(pd.pd().getRegion(Pdpb.GetRegionRequest.newBuilder().setHeader(wrong).build()).getHeader());
    assertThat(isBootstrapped()).isFalse();
  }

  @Test
  void theClusterConfigHoldsTheClusterIdAndMaxReplicas() {
    pd.bootstrap();

    Pdpb.GetClusterConfigResponse config =
        pd.pd().getClusterConfig(Pdpb.GetClusterConfigRequest.newBuilder().setHeader(pd.header).build());

    assertThat(config.getCluster().getId()).isEqualTo(pd.server.clusterId());
    assertThat(config.getCluster().getMaxPeerCount()).isEqualTo(3);
  }
}
