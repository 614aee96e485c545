package io.kiln.pd;

import static io.kiln.pd.cluster.TestRegions.store;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PdServerStoreTest {

  private final PdHarness pd = new PdHarness();

  @BeforeEach
  void bootstrap() {
    pd.bootstrap();
  }

  @AfterEach
  void close() {
    pd.close();
  }

  private Pdpb.PutStoreResponse put(Metapb.Store store) {
    return pd.pd().putStore(Pdpb.PutStoreRequest.newBuilder().setHeader(pd.header).setStore(store).build());
  }

  private Pdpb.GetStoreResponse get(long id) {
    return pd.pd().getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(pd.header).setStoreId(id).build());
  }

  private Pdpb.GetAllStoresResponse all(boolean excludeTombstones) {
    return pd.pd().getAllStores(Pdpb.GetAllStoresRequest.newBuilder()
        .setHeader(pd.header).setExcludeTombstoneStores(excludeTombstones).build());
  }

  @Test
  void putThenGetAStore() {
    assertThat(put(store(4, "127.0.0.1:20164")).getHeader().hasError()).isFalse();

    Pdpb.GetStoreResponse response = get(4);

    assertThat(response.getHeader().hasError()).isFalse();
    assertThat(response.getStore().getAddress()).isEqualTo("127.0.0.1:20164");
    assertThat(response.getStore().getVersion()).isEqualTo("5.0.0");
  }

  @Test
  void theBootstrapStoreIsKnownAndAnUnknownStoreIsAnError() {
    assertThat(get(1).getStore().getAddress()).isEqualTo("127.0.0.1:20160");

    Pdpb.GetStoreResponse unknown = get(99);

    assertThat(unknown.getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.UNKNOWN);
    assertThat(unknown.getHeader().getError().getMessage()).contains("99");
  }

  @Test
  void getAllStoresFiltersTombstonesOnlyWhenAsked() {
    put(store(4, "127.0.0.1:20164"));
    put(store(5, "127.0.0.1:20165"));
    pd.server.cluster().stores().setState(5, Metapb.StoreState.Tombstone);

    assertThat(all(false).getStoresList()).extracting(Metapb.Store::getId).containsExactly(1L, 4L, 5L);
    assertThat(all(true).getStoresList()).extracting(Metapb.Store::getId).containsExactly(1L, 4L);
    assertThat(get(5).getStore().getState()).as("GetStore still answers a tombstone").isEqualTo(Metapb.StoreState.Tombstone);
  }

  @Test
  void aTombstoneStoreCannotComeBack() {
    put(store(5, "127.0.0.1:20165"));
    pd.server.cluster().stores().setState(5, Metapb.StoreState.Tombstone);

    assertThat(put(store(5, "127.0.0.1:20165")).getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.STORE_TOMBSTONE);
    assertThat(pd.storeHeartbeat(5).getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.STORE_TOMBSTONE);
  }

  @Test
  void aDuplicateAddressIsRefused() {
    Pdpb.PutStoreResponse response = put(store(4, "127.0.0.1:20160"));

    assertThat(response.getHeader().getError().getMessage()).contains("duplicated store address");
  }

  @Test
  void storeHeartbeatsRecordStatsAndUnknownStoresAreErrors() {
    Pdpb.StoreHeartbeatResponse ok = pd.pd().storeHeartbeat(Pdpb.StoreHeartbeatRequest.newBuilder()
        .setHeader(pd.header).setStats(Pdpb.StoreStats.newBuilder().setStoreId(1).setCapacity(1000).setRegionCount(1)).build());
    Pdpb.StoreHeartbeatResponse unknown = pd.storeHeartbeat(42);

    assertThat(ok.getHeader().hasError()).isFalse();
    assertThat(get(1).getStats().getCapacity()).isEqualTo(1000);
    assertThat(get(1).getStore().getLastHeartbeat()).isEqualTo(PdHarness.T0 * 1_000_000);
    assertThat(unknown.getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.UNKNOWN);
  }
}
