package io.kiln.pd.cluster;

import static io.kiln.pd.cluster.TestRegions.key;
import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static io.kiln.pd.cluster.TestRegions.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.clock.FakePdClock;
import io.kiln.pd.id.PersistentIdAllocator;
import io.kiln.pd.storage.EngineMetaStorage;
import io.kiln.pd.storage.MetaStorage;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PdClusterTest {

  private final MetaStorage storage = new EngineMetaStorage(new MemoryKvEngine());
  private final FakePdClock clock = new FakePdClock(1_700_000_000_000L);

  private PdCluster open() {
    PersistentIdAllocator ids = new PersistentIdAllocator(storage, 1000);
    ids.load();
    PdCluster cluster = new PdCluster(42, storage, clock, ids, 3, 20_000);
    cluster.load();
    return cluster;
  }

  private static Metapb.Region firstRegion() {
    return region(2, "", "", 1, 1, peer(3, 1));
  }

  @Test
  void bootstrapWritesTheClusterItsFirstStoreAndRegionOnce() {
    PdCluster cluster = open();
    assertThat(cluster.isBootstrapped()).isFalse();
    assertThatThrownBy(cluster::config)
        .isInstanceOfSatisfying(PdException.class, e -> assertThat(e.type()).isEqualTo(Pdpb.ErrorType.NOT_BOOTSTRAPPED));

    cluster.bootstrap(store(1, "a:1"), firstRegion());

    assertThat(cluster.isBootstrapped()).isTrue();
    assertThat(cluster.config()).isEqualTo(Metapb.Cluster.newBuilder().setId(42).setMaxPeerCount(3).build());
    assertThat(cluster.stores().get(1).meta().getAddress()).isEqualTo("a:1");
    assertThat(cluster.regions().byKey(key("any")).id()).isEqualTo(2);
    assertThatThrownBy(() -> cluster.bootstrap(store(1, "a:1"), firstRegion()))
        .isInstanceOfSatisfying(PdException.class, e -> assertThat(e.type()).isEqualTo(Pdpb.ErrorType.ALREADY_BOOTSTRAPPED));

    PdCluster reopened = open();
    assertThat(reopened.isBootstrapped()).isTrue();
    assertThat(reopened.regions().byId(2).meta()).isEqualTo(firstRegion());
  }

  @Test
  void invalidBootstrapRequestsAreRefusedAndLeaveTheClusterUnbootstrapped() {
    PdCluster cluster = open();
    List<Runnable> invalid = List.of(
        () -> cluster.bootstrap(store(0, "a:1"), firstRegion()),
        () -> cluster.bootstrap(store(1, "a:1"), region(0, "", "", 1, 1, peer(3, 1))),
        () -> cluster.bootstrap(store(1, "a:1"), region(2, "a", "", 1, 1, peer(3, 1))),
        () -> cluster.bootstrap(store(1, "a:1"), region(2, "", "", 1, 1)),
        () -> cluster.bootstrap(store(1, "a:1"), region(2, "", "", 1, 1, peer(3, 9))),
        () -> cluster.bootstrap(store(1, "a:1"), region(2, "", "", 1, 1, peer(0, 1))));
    for (Runnable request : invalid) {
      assertThatThrownBy(request::run)
          .isInstanceOfSatisfying(PdException.class, e -> assertThat(e.type()).isEqualTo(Pdpb.ErrorType.UNKNOWN));
    }
    assertThat(cluster.isBootstrapped()).isFalse();
  }

  @Test
  void askBatchSplitHandsOutFreshRegionAndPeerIds() {
    PdCluster cluster = open();
    cluster.bootstrap(store(1, "a:1"), firstRegion());
    Metapb.Region threePeers = region(2, "", "", 3, 1, peer(3, 1), peer(4, 2), peer(5, 3));
    cluster.regions().put(TestRegions.led(threePeers));

    List<Pdpb.SplitID> splits = cluster.askBatchSplit(threePeers, 2);

    assertThat(splits).hasSize(2);
    Set<Long> ids = new HashSet<>();
    for (Pdpb.SplitID split : splits) {
      assertThat(split.getNewPeerIdsList()).hasSize(3);
      ids.add(split.getNewRegionId());
      ids.addAll(split.getNewPeerIdsList());
    }
    assertThat(ids).hasSize(8);
  }

  @Test
  void askBatchSplitRefusesAnUnknownRegionOrAStaleEpoch() {
    PdCluster cluster = open();
    cluster.bootstrap(store(1, "a:1"), firstRegion());
    cluster.regions().put(TestRegions.led(region(2, "", "", 1, 5, peer(3, 1))));

    assertThatThrownBy(() -> cluster.askBatchSplit(region(2, "", "", 1, 4, peer(3, 1)), 1))
        .hasMessageContaining("epoch");
    cluster.regions().put(TestRegions.led(region(7, "", "m", 1, 6, peer(8, 1))));
    assertThatThrownBy(() -> cluster.askBatchSplit(region(2, "m", "", 1, 6, peer(3, 1)), 1))
        .isInstanceOfSatisfying(PdException.class, e -> assertThat(e.type()).isEqualTo(Pdpb.ErrorType.REGION_NOT_FOUND));
  }

  @Test
  void reportBatchSplitRecordsTheNewRegionsWithTheLeadersStore() {
    PdCluster cluster = open();
    cluster.bootstrap(store(1, "a:1"), firstRegion());
    cluster.regions().put(TestRegions.info(region(2, "", "", 1, 1, peer(3, 1)), peer(3, 1), 4));

    cluster.reportBatchSplit(List.of(
        region(10, "", "g", 1, 3, peer(11, 1)),
        region(12, "g", "p", 1, 3, peer(13, 1)),
        region(2, "p", "", 1, 3, peer(3, 1))));

    assertThat(cluster.regions().byKey(key("a")).id()).isEqualTo(10);
    assertThat(cluster.regions().byKey(key("h")).id()).isEqualTo(12);
    assertThat(cluster.regions().byKey(key("q")).id()).isEqualTo(2);
    assertThat(cluster.regions().byKey(key("h")).leader()).isEqualTo(peer(13, 1));
    assertThat(cluster.regions().byId(2).term()).isEqualTo(4);
    assertThat(open().regions().size()).as("persisted").isEqualTo(3);
  }

  @Test
  void reportBatchSplitRefusesRegionsThatAreNotConsecutive() {
    PdCluster cluster = open();
    cluster.bootstrap(store(1, "a:1"), firstRegion());

    assertThatThrownBy(() -> cluster.reportBatchSplit(List.of(region(2, "", "", 1, 2, peer(3, 1)))))
        .isInstanceOf(PdException.class);
    assertThatThrownBy(() -> cluster.reportBatchSplit(List.of(
        region(10, "", "g", 1, 2, peer(11, 1)), region(2, "h", "", 1, 2, peer(3, 1)))))
        .isInstanceOf(PdException.class);
    assertThat(cluster.regions().byKey(key("a")).id()).isEqualTo(2);
  }

  @Test
  void putConfigChangesMaxReplicasDurably() {
    PdCluster cluster = open();
    cluster.bootstrap(store(1, "a:1"), firstRegion());

    cluster.putConfig(Metapb.Cluster.newBuilder().setId(42).setMaxPeerCount(5).build());

    assertThat(open().maxReplicas()).isEqualTo(5);
    assertThatThrownBy(() -> cluster.putConfig(Metapb.Cluster.newBuilder().setId(7).setMaxPeerCount(1).build()))
        .isInstanceOf(PdException.class);
  }

  @Test
  void clusterIdIsChosenOnceAndAConflictingConfiguredIdFails() {
    long first = ClusterIdentity.loadOrCreateClusterId(storage, 0, clock.nowMillis(), () -> 0x1234_5678L);
    long again = ClusterIdentity.loadOrCreateClusterId(storage, 0, clock.nowMillis() + 5_000, () -> 99);

    assertThat(first).isEqualTo((clock.nowMillis() / 1000) << 32 | 0x1234_5678L);
    assertThat(again).isEqualTo(first);
    assertThatThrownBy(() -> ClusterIdentity.loadOrCreateClusterId(storage, first + 1, 0, () -> 1))
        .isInstanceOf(IllegalStateException.class);
    long member = ClusterIdentity.loadOrCreateMemberId(storage, () -> -5);
    assertThat(member).isPositive().isEqualTo(ClusterIdentity.loadOrCreateMemberId(storage, () -> 1));
  }
}
