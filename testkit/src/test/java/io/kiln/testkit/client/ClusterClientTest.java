package io.kiln.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.GetResponse;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.proto.RaftCmdpb.Response;
import io.kiln.proto.RaftCmdpb.SnapResponse;
import io.kiln.raftstore.CmdResult;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.RegionErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client's retry rules, against scripted stores. */
class ClusterClientTest {

  private final FakeStores stores = new FakeStores(3);
  private final Region region = FakeStores.region(3, 1, 1);

  private ClusterClient client(ClientOptions o) {
    return new ClusterClient(stores, region, o, new Random(1));
  }

  private ClusterClient client() {
    return client(ClientOptions.defaults().withDeadline(Duration.ofMillis(400))
        .withAttemptTimeout(Duration.ofMillis(50)));
  }

  @Test
  void followsANotLeaderHintAndRemembersTheLeader() {
    stores.scripts.put(1L, r -> FakeStores.error(RegionErrors.notLeader(1, FakeStores.peer(3))));
    stores.scripts.put(2L, r -> FakeStores.error(RegionErrors.notLeader(1, FakeStores.peer(3))));
    stores.scripts.put(3L, r -> FakeStores.ok());
    ClusterClient c = client();
    c.put("k", "v");
    List<Long> first = stores.storesCalled();
    assertThat(first.get(first.size() - 1)).isEqualTo(3L);
    assertThat(first.size()).isLessThanOrEqualTo(2);
    stores.calls.clear();
    c.put("k", "v2");
    assertThat(stores.storesCalled()).containsExactly(3L);
  }

  @Test
  void addressesTheRequestToThePeerOnTheChosenStoreWithTheRegionEpoch() {
    stores.scripts.put(2L, r -> FakeStores.ok());
    stores.scripts.put(1L, r -> FakeStores.error(RegionErrors.notLeader(1, FakeStores.peer(2))));
    stores.scripts.put(3L, r -> FakeStores.error(RegionErrors.notLeader(1, FakeStores.peer(2))));
    client().put("k", "v");
    FakeStores.Call last = stores.calls.get(stores.calls.size() - 1);
    assertThat(last.request().getHeader().getPeer()).isEqualTo(FakeStores.peer(2));
    assertThat(last.request().getHeader().getRegionId()).isEqualTo(1);
    assertThat(last.request().getHeader().getRegionEpoch()).isEqualTo(region.getRegionEpoch());
    assertThat(last.request().getRequests(0).getCmdType()).isEqualTo(CmdType.Put);
    assertThat(last.request().getRequests(0).getPut().getCf()).isEqualTo(Cf.DEFAULT);
  }

  @Test
  void rotatesStoresWhenNoLeaderIsNamed() {
    stores.scripts.put(1L, r -> FakeStores.error(RegionErrors.notLeader(1, null)));
    stores.scripts.put(2L, r -> FakeStores.error(RegionErrors.notLeader(1, null)));
    stores.scripts.put(3L, r -> FakeStores.ok(Response.newBuilder().setCmdType(CmdType.Get)
        .setGet(GetResponse.newBuilder().setValue(ByteString.copyFromUtf8("v"))).build()));
    assertThat(client().get("k")).isEqualTo("v");
    assertThat(stores.storesCalled()).contains(3L).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void aWriteNobodyAnsweredMayHaveBeenApplied() {
    ClusterClient c = client();
    assertThatThrownBy(() -> c.put("k", "v"))
        .isInstanceOfSatisfying(ClientDeadlineException.class, e -> {
          assertThat(e.mayHaveApplied()).isTrue();
          assertThat(e.getMessage()).contains("put k").contains("no answer from store");
        });
  }

  @Test
  void aWriteEveryStoreRefusedWasNotApplied() {
    for (long s = 1; s <= 3; s++) {
      stores.scripts.put(s, r -> FakeStores.error(RegionErrors.notLeader(1, null)));
    }
    ClusterClient c = client();
    assertThatThrownBy(() -> c.put("k", "v"))
        .isInstanceOfSatisfying(ClientDeadlineException.class, e -> {
          assertThat(e.mayHaveApplied()).isFalse();
          assertThat(e.getMessage()).contains("not leader");
        });
    assertThat(stores.storesCalled()).contains(1L, 2L, 3L);
  }

  @Test
  void aReadThatTimesOutChangedNothing() {
    ClusterClient c = client();
    assertThatThrownBy(() -> c.get("k"))
        .isInstanceOfSatisfying(ClientDeadlineException.class, e -> assertThat(e.mayHaveApplied()).isFalse());
  }

  @Test
  void skipsStoppedStores() {
    stores.down.add(1L);
    stores.down.add(2L);
    stores.scripts.put(3L, r -> FakeStores.ok());
    client().put("k", "v");
    assertThat(stores.storesCalled()).containsExactly(3L);
  }

  @Test
  void talksOnlyToTheStoresItMayUse() {
    stores.scripts.put(1L, r -> FakeStores.ok());
    stores.scripts.put(2L, r -> FakeStores.error(RegionErrors.notLeader(1, FakeStores.peer(1))));
    stores.scripts.put(3L, r -> FakeStores.error(RegionErrors.notLeader(1, FakeStores.peer(1))));
    ClusterClient c = client(ClientOptions.defaults().withDeadline(Duration.ofMillis(200))
        .withStores(Set.of(2L, 3L)));
    assertThatThrownBy(() -> c.put("k", "v")).isInstanceOf(ClientDeadlineException.class)
        .hasMessageContaining("stores [");
    assertThat(stores.storesCalled()).doesNotContain(1L).isNotEmpty();
  }

  @Test
  void takesTheCurrentRegionFromEpochNotMatch() {
    Region newer = FakeStores.region(3, 1, 2);
    stores.scripts.put(1L, r -> r.getHeader().getRegionEpoch().getVersion() == 2
        ? FakeStores.ok() : FakeStores.error(RegionErrors.epochNotMatch("stale", List.of(newer))));
    ClusterClient c = client(ClientOptions.defaults().withDeadline(Duration.ofMillis(400))
        .withAttemptTimeout(Duration.ofMillis(50)).withStores(Set.of(1L)));
    c.put("k", "v");
    FakeStores.Call last = stores.calls.get(stores.calls.size() - 1);
    assertThat(last.request().getHeader().getRegionEpoch().getVersion()).isEqualTo(2);
  }

  @Test
  void refreshesTheRegionFromTheStoresOnKeyNotInRegion() {
    Region newer = FakeStores.region(3, 2, 1);
    stores.regions.put(1L, newer);
    stores.scripts.put(1L, r -> r.getHeader().getRegionEpoch().getConfVer() == 2
        ? FakeStores.ok() : FakeStores.error(RegionErrors.keyNotInRegion("k".getBytes(), region)));
    ClusterClient c = client(ClientOptions.defaults().withDeadline(Duration.ofMillis(400)).withStores(Set.of(1L)));
    c.put("k", "v");
    assertThat(stores.calls.get(stores.calls.size() - 1).request().getHeader().getRegionEpoch().getConfVer())
        .isEqualTo(2);
  }

  @Test
  void anEntryTooLargeIsNotRetried() {
    stores.scripts.put(1L, r -> FakeStores.error(RegionErrors.raftEntryTooLarge(1, 100, 10)));
    ClusterClient c = client(ClientOptions.defaults().withStores(Set.of(1L)));
    assertThatThrownBy(() -> c.put("k", "v")).isInstanceOf(ClientRegionErrorException.class)
        .hasMessageContaining("too large");
    assertThat(stores.calls).hasSize(1);
  }

  @Test
  void scanReadsTheRangeFromTheSnapshotUpToTheLimit() {
    MemoryKvEngine engine = new MemoryKvEngine();
    try (WriteBatch wb = engine.newWriteBatch()) {
      for (String k : List.of("a", "b", "c", "d", "e")) {
        wb.put(Cf.DEFAULT, Keys.dataKey(k.getBytes(StandardCharsets.UTF_8)), ("v" + k).getBytes(StandardCharsets.UTF_8));
      }
      engine.write(wb, true);
    }
    stores.scripts.put(1L, r -> new CmdResult(RaftCmdResponse.newBuilder()
        .setHeader(RaftResponseHeader.getDefaultInstance())
        .addResponses(Response.newBuilder().setCmdType(CmdType.Snap).setSnap(SnapResponse.newBuilder().setRegion(region)))
        .build(), engine.snapshot()));
    ClusterClient c = client(ClientOptions.defaults().withStores(Set.of(1L)));
    assertThat(c.scan("b".getBytes(), "e".getBytes(), 10)).extracting(KvPair::toString)
        .containsExactly("b=vb", "c=vc", "d=vd");
    assertThat(c.scan("a".getBytes(), new byte[0], 2)).extracting(KvPair::toString)
        .containsExactly("a=va", "b=vb");
  }
}
