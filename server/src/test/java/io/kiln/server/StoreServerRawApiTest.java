package io.kiln.server;

import static io.kiln.server.ServerCluster.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Kvrpcpb.KvPair;
import io.kiln.proto.Kvrpcpb.RawBatchDeleteRequest;
import io.kiln.proto.Kvrpcpb.RawBatchGetRequest;
import io.kiln.proto.Kvrpcpb.RawBatchPutRequest;
import io.kiln.proto.Kvrpcpb.RawCASRequest;
import io.kiln.proto.Kvrpcpb.RawCASResponse;
import io.kiln.proto.Kvrpcpb.RawDeleteRangeRequest;
import io.kiln.proto.Kvrpcpb.RawDeleteRequest;
import io.kiln.proto.Kvrpcpb.RawGetKeyTTLRequest;
import io.kiln.proto.Kvrpcpb.RawGetRequest;
import io.kiln.proto.Kvrpcpb.RawGetResponse;
import io.kiln.proto.Kvrpcpb.RawPutRequest;
import io.kiln.proto.Kvrpcpb.RawPutResponse;
import io.kiln.proto.Kvrpcpb.RawScanRequest;
import io.kiln.proto.Kvrpcpb.RawScanResponse;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.TikvGrpc;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The raw API of a 3-store cluster, driven as a TiKV client drives it: generated blocking stubs
 * over real gRPC to the stores' ports, with the context a client would send.
 */
class StoreServerRawApiTest {

  private static ServerCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new ServerCluster(3, ServerCluster.steady(), ServerCluster.testConfig());
    cluster.waitLeader();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static int leader() throws InterruptedException {
    return cluster.waitLeader();
  }

  private static TikvGrpc.TikvBlockingStub tikv() throws InterruptedException {
    return cluster.stub(leader());
  }

  private static Kvrpcpb.Context ctx() throws InterruptedException {
    return cluster.ctx(leader());
  }

  private static void put(String k, String v) throws InterruptedException {
    RawPutResponse r = tikv().rawPut(RawPutRequest.newBuilder().setContext(ctx()).setKey(bs(k)).setValue(bs(v)).build());
    assertThat(r.hasRegionError()).as("%s", r.getRegionError()).isFalse();
    assertThat(r.getError()).isEmpty();
  }

  private static RawGetResponse get(String k) throws InterruptedException {
    return tikv().rawGet(RawGetRequest.newBuilder().setContext(ctx()).setKey(bs(k)).build());
  }

  private static List<String> keys(RawScanResponse r) {
    assertThat(r.hasRegionError()).isFalse();
    return r.getKvsList().stream().map(p -> p.getKey().toStringUtf8()).toList();
  }

  private static RawScanResponse scan(RawScanRequest.Builder b) throws InterruptedException {
    return tikv().rawScan(b.setContext(ctx()).build());
  }

  @Test
  void putGetDelete() throws Exception {
    put("pgd/a", "1");
    assertThat(get("pgd/a").getValue().toStringUtf8()).isEqualTo("1");
    assertThat(get("pgd/missing").getNotFound()).isTrue();
    assertThat(tikv().rawDelete(RawDeleteRequest.newBuilder().setContext(ctx()).setKey(bs("pgd/a")).build())
        .getError()).isEmpty();
    assertThat(get("pgd/a").getNotFound()).isTrue();
  }

  @Test
  void batchPutBatchGetBatchDelete() throws Exception {
    RawBatchPutRequest.Builder b = RawBatchPutRequest.newBuilder().setContext(ctx());
    for (int i = 0; i < 5; i++) {
      b.addPairs(KvPair.newBuilder().setKey(bs("batch/" + i)).setValue(bs("v" + i)));
    }
    assertThat(tikv().rawBatchPut(b.build()).getError()).isEmpty();
    var got = tikv().rawBatchGet(RawBatchGetRequest.newBuilder().setContext(ctx())
        .addKeys(bs("batch/0")).addKeys(bs("batch/4")).addKeys(bs("batch/missing")).build());
    assertThat(got.getPairsList()).extracting(p -> p.getKey().toStringUtf8() + "=" + p.getValue().toStringUtf8())
        .containsExactly("batch/0=v0", "batch/4=v4");
    assertThat(tikv().rawBatchDelete(RawBatchDeleteRequest.newBuilder().setContext(ctx())
        .addKeys(bs("batch/0")).addKeys(bs("batch/1")).build()).getError()).isEmpty();
    assertThat(keys(scan(RawScanRequest.newBuilder().setStartKey(bs("batch/")).setEndKey(bs("batch0")).setLimit(10))))
        .containsExactly("batch/2", "batch/3", "batch/4");
  }

  @Test
  void scanWithLimitKeyOnlyAndReverse() throws Exception {
    for (String k : List.of("a", "b", "c", "d", "e")) {
      put("scan/" + k, "v" + k);
    }
    assertThat(keys(scan(RawScanRequest.newBuilder().setStartKey(bs("scan/b")).setLimit(2))))
        .containsExactly("scan/b", "scan/c");
    RawScanResponse keyOnly = scan(RawScanRequest.newBuilder().setStartKey(bs("scan/")).setEndKey(bs("scan0"))
        .setLimit(10).setKeyOnly(true));
    assertThat(keys(keyOnly)).hasSize(5);
    assertThat(keyOnly.getKvsList()).allMatch(p -> p.getValue().isEmpty());
    RawScanResponse withValues = scan(RawScanRequest.newBuilder().setStartKey(bs("scan/a")).setLimit(1));
    assertThat(withValues.getKvs(0).getValue().toStringUtf8()).isEqualTo("va");
    // reverse: start_key is the exclusive upper bound, end_key the inclusive lower bound
    assertThat(keys(scan(RawScanRequest.newBuilder().setStartKey(bs("scan/d")).setEndKey(bs("scan/a"))
        .setLimit(10).setReverse(true)))).containsExactly("scan/c", "scan/b", "scan/a");
    assertThat(keys(scan(RawScanRequest.newBuilder().setStartKey(bs("scan0")).setEndKey(bs("scan/"))
        .setLimit(2).setReverse(true)))).containsExactly("scan/e", "scan/d");
  }

  @Test
  void deleteRange() throws Exception {
    for (String k : List.of("a", "b", "c", "d")) {
      put("dr/" + k, "v");
    }
    assertThat(tikv().rawDeleteRange(RawDeleteRangeRequest.newBuilder().setContext(ctx()).setStartKey(bs("dr/b"))
        .setEndKey(bs("dr/d")).build()).getError()).isEmpty();
    assertThat(keys(scan(RawScanRequest.newBuilder().setStartKey(bs("dr/")).setEndKey(bs("dr0")).setLimit(10))))
        .containsExactly("dr/a", "dr/d");
  }

  @Test
  void compareAndSwap() throws Exception {
    RawCASResponse created = tikv().rawCompareAndSwap(RawCASRequest.newBuilder().setContext(ctx())
        .setKey(bs("cas/k")).setValue(bs("v1")).setPreviousNotExist(true).build());
    assertThat(created.getSucceed()).isTrue();
    assertThat(created.getPreviousNotExist()).isTrue();

    RawCASResponse failed = tikv().rawCompareAndSwap(RawCASRequest.newBuilder().setContext(ctx())
        .setKey(bs("cas/k")).setValue(bs("v2")).setPreviousValue(bs("wrong")).build());
    assertThat(failed.getSucceed()).isFalse();
    assertThat(failed.getPreviousValue().toStringUtf8()).isEqualTo("v1");

    RawCASResponse swapped = tikv().rawCompareAndSwap(RawCASRequest.newBuilder().setContext(ctx())
        .setKey(bs("cas/k")).setValue(bs("v2")).setPreviousValue(bs("v1")).build());
    assertThat(swapped.getSucceed()).isTrue();
    assertThat(get("cas/k").getValue().toStringUtf8()).isEqualTo("v2");

    RawCASResponse notAbsent = tikv().rawCompareAndSwap(RawCASRequest.newBuilder().setContext(ctx())
        .setKey(bs("cas/k")).setValue(bs("v3")).setPreviousNotExist(true).build());
    assertThat(notAbsent.getSucceed()).isFalse();
    assertThat(notAbsent.getPreviousNotExist()).isFalse();
    assertThat(notAbsent.getPreviousValue().toStringUtf8()).isEqualTo("v2");
  }

  @Test
  void ttlExpires() throws Exception {
    assertThat(tikv().rawPut(RawPutRequest.newBuilder().setContext(ctx()).setKey(bs("ttl/k")).setValue(bs("v"))
        .setTtl(2).build()).getError()).isEmpty();
    put("ttl/forever", "v");
    var ttl = tikv().rawGetKeyTTL(RawGetKeyTTLRequest.newBuilder().setContext(ctx()).setKey(bs("ttl/k")).build());
    assertThat(ttl.getNotFound()).isFalse();
    assertThat(ttl.getTtl()).isBetween(1L, 2L);
    assertThat(tikv().rawGetKeyTTL(RawGetKeyTTLRequest.newBuilder().setContext(ctx()).setKey(bs("ttl/forever"))
        .build()).getTtl()).isZero();
    long deadline = System.nanoTime() + 6_000_000_000L;
    while (!get("ttl/k").getNotFound()) {
      assertThat(System.nanoTime()).as("the key outlived its TTL").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(tikv().rawGetKeyTTL(RawGetKeyTTLRequest.newBuilder().setContext(ctx()).setKey(bs("ttl/k")).build())
        .getNotFound()).isTrue();
    assertThat(keys(scan(RawScanRequest.newBuilder().setStartKey(bs("ttl/")).setEndKey(bs("ttl0")).setLimit(10))))
        .containsExactly("ttl/forever");
  }

  @Test
  void emptyAndOversizedKeysAreRefused() throws Exception {
    assertThat(tikv().rawPut(RawPutRequest.newBuilder().setContext(ctx()).setValue(bs("v")).build()).getError())
        .isEqualTo("key cannot be empty");
    String big = "k".repeat(8 * 1024 + 1);
    assertThat(tikv().rawPut(RawPutRequest.newBuilder().setContext(ctx()).setKey(bs(big)).setValue(bs("v")).build())
        .getError()).isEqualTo("max key size exceeded, size: 8193, limit: 8192");
  }

  @Test
  void followerAnswersNotLeaderWithTheLeader() throws Exception {
    int leader = leader();
    int follower = leader % 3 + 1;
    RawPutResponse r = cluster.stub(follower).rawPut(RawPutRequest.newBuilder().setContext(cluster.ctx(follower))
        .setKey(bs("nl/k")).setValue(bs("v")).build());
    assertThat(r.getRegionError().hasNotLeader()).isTrue();
    assertThat(r.getRegionError().getNotLeader().getRegionId()).isEqualTo(1);
    assertThat(r.getRegionError().getNotLeader().getLeader().getStoreId()).isEqualTo(leader);
    RawGetResponse g = cluster.stub(follower).rawGet(RawGetRequest.newBuilder().setContext(cluster.ctx(follower))
        .setKey(bs("nl/k")).build());
    assertThat(g.getRegionError().hasNotLeader()).isTrue();
  }

  @Test
  void unknownRegionIsRegionNotFound() throws Exception {
    Kvrpcpb.Context c = ctx().toBuilder().setRegionId(42).build();
    RawGetResponse r = tikv().rawGet(RawGetRequest.newBuilder().setContext(c).setKey(bs("k")).build());
    assertThat(r.getRegionError().hasRegionNotFound()).isTrue();
    assertThat(r.getRegionError().getRegionNotFound().getRegionId()).isEqualTo(42);
  }

  @Test
  void staleEpochIsEpochNotMatchWithTheCurrentRegion() throws Exception {
    Kvrpcpb.Context c = ctx().toBuilder().setRegionEpoch(RegionEpoch.newBuilder().setVersion(0).setConfVer(0)).build();
    RawPutResponse r = tikv().rawPut(RawPutRequest.newBuilder().setContext(c).setKey(bs("ep/k")).setValue(bs("v"))
        .build());
    assertThat(r.getRegionError().hasEpochNotMatch()).isTrue();
    assertThat(r.getRegionError().getEpochNotMatch().getCurrentRegionsList()).extracting(reg -> reg.getId())
        .containsExactly(1L);
  }

  @Test
  void healthIsServingOnEveryStore() {
    for (int s = 1; s <= 3; s++) {
      var health = HealthGrpc.newBlockingStub(cluster.channel(s));
      assertThat(health.check(HealthCheckRequest.newBuilder().build()).getStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(health.check(HealthCheckRequest.newBuilder().setService(TikvGrpc.SERVICE_NAME).build()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  void rpcsNotImplementedYetAnswerUnimplemented() {
    assertThatThrownBy(() -> cluster.stub(1).rawBatchScan(Kvrpcpb.RawBatchScanRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  @Test
  void aTransactionalRequestForAnUnknownRegionGetsRegionNotFound() {
    Kvrpcpb.GetResponse r = cluster.stub(1).kvGet(Kvrpcpb.GetRequest.newBuilder()
        .setContext(Kvrpcpb.Context.newBuilder().setRegionId(999_999)).setKey(com.google.protobuf.ByteString.copyFromUtf8("k"))
        .setVersion(10).build());
    assertThat(r.getRegionError().hasRegionNotFound()).as("%s", r).isTrue();
  }
}
