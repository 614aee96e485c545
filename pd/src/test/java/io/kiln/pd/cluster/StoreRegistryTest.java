package io.kiln.pd.cluster;

import static io.kiln.pd.cluster.TestRegions.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.clock.FakePdClock;
import io.kiln.pd.storage.EngineMetaStorage;
import io.kiln.pd.storage.MetaStorage;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreRegistryTest {

  private final MetaStorage storage = new EngineMetaStorage(new MemoryKvEngine());
  private final FakePdClock clock = new FakePdClock(1_700_000_000_000L);
  private final StoreRegistry stores = new StoreRegistry(storage, clock);

  @BeforeEach
  void load() {
    stores.load();
  }

  @Test
  void aPutStoreIsPersistedAndAnUpdateKeepsTheState() {
    stores.put(store(1, "a:1"));
    stores.setState(1, Metapb.StoreState.Offline);

    stores.put(store(1, "a:2").toBuilder().setState(Metapb.StoreState.Up).build());

    StoreRegistry reloaded = new StoreRegistry(storage, clock);
    reloaded.load();
    assertThat(reloaded.get(1).meta().getAddress()).isEqualTo("a:2");
    assertThat(reloaded.get(1).meta().getState()).isEqualTo(Metapb.StoreState.Offline);
  }

  @Test
  void aTombstoneStoreCannotBePutOrHeartbeatOrRevived() {
    stores.put(store(1, "a:1"));
    stores.setState(1, Metapb.StoreState.Tombstone);

    assertThatThrownBy(() -> stores.put(store(1, "a:1")))
        .isInstanceOfSatisfying(PdException.class, e -> assertThat(e.type()).isEqualTo(Pdpb.ErrorType.STORE_TOMBSTONE));
    assertThatThrownBy(() -> stores.heartbeat(Pdpb.StoreStats.newBuilder().setStoreId(1).build()))
        .isInstanceOfSatisfying(PdException.class, e -> assertThat(e.type()).isEqualTo(Pdpb.ErrorType.STORE_TOMBSTONE));
    assertThatThrownBy(() -> stores.setState(1, Metapb.StoreState.Up)).isInstanceOf(PdException.class);
    assertThat(stores.get(1).isTombstone()).isTrue();
  }

  @Test
  void anAddressBelongsToOneLiveStore() {
    stores.put(store(1, "a:1"));

    assertThatThrownBy(() -> stores.put(store(2, "a:1"))).hasMessageContaining("duplicated store address");

    stores.setState(1, Metapb.StoreState.Tombstone);
    stores.put(store(2, "a:1"));
    assertThat(stores.get(2).meta().getAddress()).isEqualTo("a:1");
  }

  @Test
  void storeIdZeroAndUnknownStoresAreRefused() {
    assertThatThrownBy(() -> stores.put(store(0, "a:1"))).isInstanceOf(PdException.class);
    assertThatThrownBy(() -> stores.heartbeat(Pdpb.StoreStats.newBuilder().setStoreId(9).build()))
        .hasMessageContaining("not found");
  }

  @Test
  void aStoreIsLiveWhileItsHeartbeatIsRecent() {
    stores.put(store(1, "a:1"));
    assertThat(stores.get(1).isLive(clock.nowMillis(), 20_000)).as("no heartbeat yet").isFalse();

    stores.heartbeat(Pdpb.StoreStats.newBuilder().setStoreId(1).setRegionCount(3).build());
    assertThat(stores.get(1).isLive(clock.nowMillis(), 20_000)).isTrue();
    assertThat(stores.get(1).stats().getRegionCount()).isEqualTo(3);
    assertThat(stores.get(1).metaForClients().getLastHeartbeat()).isEqualTo(clock.nowMillis() * 1_000_000);

    clock.advance(20_001);
    assertThat(stores.get(1).isLive(clock.nowMillis(), 20_000)).isFalse();
  }
}
