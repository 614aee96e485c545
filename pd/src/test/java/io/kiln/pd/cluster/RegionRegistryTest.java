package io.kiln.pd.cluster;

import static io.kiln.pd.cluster.TestRegions.info;
import static io.kiln.pd.cluster.TestRegions.key;
import static io.kiln.pd.cluster.TestRegions.led;
import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.storage.CountingMetaStorage;
import io.kiln.pd.storage.EngineMetaStorage;
import io.kiln.proto.Metapb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionRegistryTest {

  private final CountingMetaStorage storage = new CountingMetaStorage(new EngineMetaStorage(new MemoryKvEngine()));
  private final RegionRegistry regions = new RegionRegistry(storage);
  private final Metapb.Peer p1 = peer(11, 1);
  private final Metapb.Peer p2 = peer(12, 2);

  @BeforeEach
  void firstRegion() {
    regions.load();
    regions.put(led(region(1, "", "", 1, 1, p1)));
  }

  @Test
  void aNewerConfVersionReplacesTheRegion() {
    regions.put(led(region(1, "", "", 2, 1, p1, p2)));

    assertThat(regions.byId(1).meta().getPeersList()).containsExactly(p1, p2);
    assertThat(regions.byKey(key("k")).epoch().getConfVer()).isEqualTo(2);
  }

  @Test
  void aHeartbeatWithAnOlderEpochIsStaleAndChangesNothing() {
    regions.put(led(region(1, "", "", 2, 3, p1, p2)));

    assertThatThrownBy(() -> regions.put(led(region(1, "", "", 1, 3, p1))))
        .isInstanceOf(PdException.class).hasMessageContaining("stale");
    assertThatThrownBy(() -> regions.put(led(region(1, "", "", 2, 2, p1))))
        .isInstanceOf(PdException.class).hasMessageContaining("stale");
    assertThat(regions.byId(1).epoch()).isEqualTo(region(1, "", "", 2, 3).getRegionEpoch());
    assertThat(regions.byId(1).meta().getPeersCount()).isEqualTo(2);
  }

  @Test
  void aHeartbeatFromAnOlderTermIsStale() {
    regions.put(info(region(1, "", "", 1, 1, p1, p2), p2, 7));

    assertThatThrownBy(() -> regions.put(info(region(1, "", "", 1, 1, p1, p2), p1, 6)))
        .isInstanceOf(PdException.class);
    assertThat(regions.byId(1).leader()).isEqualTo(p2);
  }

  @Test
  void aLeaderChangeAtTheSameEpochIsTakenButNotWritten() {
    int writes = storage.writes();

    regions.put(info(region(1, "", "", 1, 1, p1), p1, 2));

    assertThat(regions.byId(1).term()).isEqualTo(2);
    assertThat(storage.writes()).isEqualTo(writes);
  }

  @Test
  void aSplitReportedByHeartbeatsReplacesTheParentRange() {
    // region 1 split at "m": the new region 2 takes [, m), region 1 keeps [m, )
    regions.put(led(region(2, "", "m", 1, 2, peer(21, 1))));

    assertThat(regions.byId(1)).as("the overlapped parent is dropped").isNull();
    assertThat(regions.byKey(key("a")).id()).isEqualTo(2);
    assertThat(regions.byKey(key("x"))).as("until region 1 reports its new range").isNull();

    regions.put(led(region(1, "m", "", 1, 2, p1)));

    assertThat(regions.byKey(key("x")).id()).isEqualTo(1);
    assertThat(regions.byKey(key("a")).id()).isEqualTo(2);
  }

  @Test
  void theParentsLateHeartbeatAfterASplitIsStale() {
    regions.put(led(region(2, "", "m", 1, 2, peer(21, 1))));
    regions.put(led(region(1, "m", "", 1, 2, p1)));

    assertThatThrownBy(() -> regions.put(led(region(1, "", "", 1, 1, p1)))).isInstanceOf(PdException.class);
    assertThatThrownBy(() -> regions.put(led(region(3, "a", "z", 1, 1, p1))))
        .as("an unknown region overlapping newer ones").isInstanceOf(PdException.class);
    assertThat(regions.byKey(key("a")).id()).isEqualTo(2);
  }

  @Test
  void scanAndPrevSeeTheCurrentTable() {
    regions.put(led(region(2, "", "g", 1, 2, peer(21, 1))));
    regions.put(led(region(3, "g", "p", 1, 2, peer(31, 1))));
    regions.put(led(region(1, "p", "", 1, 2, p1)));

    assertThat(regions.scan(ByteString.EMPTY, ByteString.EMPTY, 0)).extracting(RegionInfo::id).containsExactly(2L, 3L, 1L);
    assertThat(regions.prev(key("h")).id()).isEqualTo(2);
    assertThat(regions.peerCountByStore()).containsEntry(1L, 3);
  }

  @Test
  void metadataSurvivesAReloadAndLeadersDoNot() {
    regions.put(led(region(2, "", "m", 1, 2, peer(21, 1))));
    regions.put(led(region(1, "m", "", 2, 2, p1, p2)));

    RegionRegistry reloaded = new RegionRegistry(storage);
    reloaded.load();

    assertThat(reloaded.size()).isEqualTo(2);
    assertThat(reloaded.byId(1).meta()).isEqualTo(region(1, "m", "", 2, 2, p1, p2));
    assertThat(reloaded.byKey(key("a")).id()).isEqualTo(2);
    assertThat(reloaded.byId(1).leader()).isNull();
  }

  @Test
  void regionsDroppedAsOverlappedAreDeletedFromStorage() {
    regions.put(led(region(5, "", "", 1, 9, peer(51, 1))));

    RegionRegistry reloaded = new RegionRegistry(storage);
    reloaded.load();

    assertThat(reloaded.size()).isEqualTo(1);
    assertThat(reloaded.byId(1)).isNull();
  }
}
