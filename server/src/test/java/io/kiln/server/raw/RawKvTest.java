package io.kiln.server.raw;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
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
import io.kiln.proto.Kvrpcpb.RawGetKeyTTLResponse;
import io.kiln.proto.Kvrpcpb.RawGetRequest;
import io.kiln.proto.Kvrpcpb.RawGetResponse;
import io.kiln.proto.Kvrpcpb.RawPutRequest;
import io.kiln.proto.Kvrpcpb.RawScanRequest;
import io.kiln.proto.Kvrpcpb.RawScanResponse;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The raw API's semantics over one region {@code [b, y)} without raft (a fake RaftKv on a memory
 * engine) and with a hand-driven clock, so TTLs are exact.
 */
class RawKvTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Region region = Region.newBuilder().setId(7).setStartKey(bs("b")).setEndKey(bs("y"))
      .setRegionEpoch(RegionEpoch.newBuilder().setVersion(1).setConfVer(1)).build();
  private final FakeRaftKv kv = new FakeRaftKv(region, Runnable::run);
  private RawKv raw = new RawKv(kv, RawKvOptions.defaults(), pool, now::get);
  private final Kvrpcpb.Context ctx = Kvrpcpb.Context.newBuilder().setRegionId(7).build();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  private void put(String k, String v, long ttl) throws Exception {
    assertThat(await(raw.put(RawPutRequest.newBuilder().setContext(ctx).setKey(bs(k)).setValue(bs(v)).setTtl(ttl)
        .build())).getError()).isEmpty();
  }

  private RawGetResponse get(String k) throws Exception {
    return await(raw.get(RawGetRequest.newBuilder().setContext(ctx).setKey(bs(k)).build()));
  }

  private List<String> keys(RawScanResponse r) {
    assertThat(r.hasRegionError()).isFalse();
    return r.getKvsList().stream().map(p -> p.getKey().toStringUtf8()).toList();
  }

  private RawScanResponse scan(String start, String end, int limit, boolean reverse) throws Exception {
    return await(raw.scan(RawScanRequest.newBuilder().setContext(ctx).setStartKey(bs(start)).setEndKey(bs(end))
        .setLimit(limit).setReverse(reverse).build()));
  }

  @Test
  void putThenGetAndAbsentKeyIsNotFound() throws Exception {
    put("k1", "v1", 0);
    assertThat(get("k1").getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(get("k1").getNotFound()).isFalse();
    assertThat(get("k2").getNotFound()).isTrue();
  }

  @Test
  void batchPutBatchGetReturnsOnlyPresentKeysInRequestOrder() throws Exception {
    RawBatchPutRequest.Builder b = RawBatchPutRequest.newBuilder().setContext(ctx);
    for (String k : List.of("c", "d", "e")) {
      b.addPairs(KvPair.newBuilder().setKey(bs(k)).setValue(bs("v" + k)));
    }
    assertThat(await(raw.batchPut(b.build())).getError()).isEmpty();
    var r = await(raw.batchGet(RawBatchGetRequest.newBuilder().setContext(ctx)
        .addKeys(bs("e")).addKeys(bs("missing")).addKeys(bs("c")).build()));
    assertThat(r.getPairsList()).extracting(p -> p.getKey().toStringUtf8() + "=" + p.getValue().toStringUtf8())
        .containsExactly("e=ve", "c=vc");
  }

  @Test
  void deleteAndBatchDelete() throws Exception {
    for (String k : List.of("c", "d", "e")) {
      put(k, "v", 0);
    }
    assertThat(await(raw.delete(RawDeleteRequest.newBuilder().setContext(ctx).setKey(bs("c")).build())).getError())
        .isEmpty();
    assertThat(await(raw.batchDelete(RawBatchDeleteRequest.newBuilder().setContext(ctx).addKeys(bs("d"))
        .addKeys(bs("nothing")).build())).getError()).isEmpty();
    assertThat(get("c").getNotFound()).isTrue();
    assertThat(get("d").getNotFound()).isTrue();
    assertThat(get("e").getNotFound()).isFalse();
  }

  @Test
  void forwardScanHonoursLimitEndAndKeyOnly() throws Exception {
    for (String k : List.of("c", "d", "e", "f", "g")) {
      put(k, "v" + k, 0);
    }
    assertThat(keys(scan("c", "", 3, false))).containsExactly("c", "d", "e");
    assertThat(keys(scan("d", "f", 10, false))).containsExactly("d", "e");
    assertThat(keys(scan("cc", "", 100, false))).containsExactly("d", "e", "f", "g");
    assertThat(keys(scan("f", "d", 100, false))).isEmpty();
    var keyOnly = await(raw.scan(RawScanRequest.newBuilder().setContext(ctx).setStartKey(bs("c")).setLimit(2)
        .setKeyOnly(true).build()));
    assertThat(keyOnly.getKvsList()).allMatch(p -> p.getValue().isEmpty()).hasSize(2);
    var withValues = scan("c", "", 1, false);
    assertThat(withValues.getKvs(0).getValue().toStringUtf8()).isEqualTo("vc");
  }

  @Test
  void reverseScanTakesStartAsExclusiveUpperAndEndAsInclusiveLower() throws Exception {
    for (String k : List.of("c", "d", "e", "f", "g")) {
      put(k, "v" + k, 0);
    }
    assertThat(keys(scan("f", "", 10, true))).containsExactly("e", "d", "c");
    assertThat(keys(scan("g", "d", 10, true))).containsExactly("f", "e", "d");
    assertThat(keys(scan("g", "d", 2, true))).containsExactly("f", "e");
    // an empty start key: from the region's end
    assertThat(keys(scan("", "", 2, true))).containsExactly("g", "f");
    // the region's end itself is a valid exclusive upper bound
    assertThat(keys(scan("y", "e", 10, true))).containsExactly("g", "f", "e");
    assertThat(keys(scan("d", "f", 10, true))).isEmpty();
  }

  @Test
  void scansAreClippedToTheRegionAndAStartOutsideItIsKeyNotInRegion() throws Exception {
    put("x", "vx", 0);
    assertThat(keys(scan("w", "zzz", 10, false))).containsExactly("x");
    RawScanResponse outside = scan("a", "", 10, false);
    assertThat(outside.getRegionError().hasKeyNotInRegion()).isTrue();
    assertThat(outside.getKvsList()).isEmpty();
    assertThat(scan("z", "", 10, true).getRegionError().hasKeyNotInRegion()).isTrue();
    assertThat(scan("b", "", 10, true).getRegionError().hasKeyNotInRegion()).isTrue();
  }

  @Test
  void deleteRangeDeletesHalfOpenRangeAndEmptyEndMeansRegionEnd() throws Exception {
    for (String k : List.of("c", "d", "e", "f", "g")) {
      put(k, "v", 0);
    }
    assertThat(await(raw.deleteRange(RawDeleteRangeRequest.newBuilder().setContext(ctx).setStartKey(bs("d"))
        .setEndKey(bs("f")).build())).getError()).isEmpty();
    assertThat(keys(scan("c", "", 10, false))).containsExactly("c", "f", "g");
    assertThat(await(raw.deleteRange(RawDeleteRangeRequest.newBuilder().setContext(ctx).setStartKey(bs("f"))
        .build())).getError()).isEmpty();
    assertThat(keys(scan("c", "", 10, false))).containsExactly("c");
    assertThat(await(raw.deleteRange(RawDeleteRangeRequest.newBuilder().setContext(ctx).setStartKey(bs("f"))
        .setEndKey(bs("d")).build())).getError()).contains("invalid range");
  }

  @Test
  void compareAndSwapSucceedsOnlyOnTheExpectedValue() throws Exception {
    RawCASResponse absent = await(raw.compareAndSwap(cas("k", "v1").setPreviousNotExist(true).build()));
    assertThat(absent.getSucceed()).isTrue();
    assertThat(absent.getPreviousNotExist()).isTrue();

    RawCASResponse notAbsent = await(raw.compareAndSwap(cas("k", "v9").setPreviousNotExist(true).build()));
    assertThat(notAbsent.getSucceed()).isFalse();
    assertThat(notAbsent.getPreviousValue().toStringUtf8()).isEqualTo("v1");

    RawCASResponse wrong = await(raw.compareAndSwap(cas("k", "v2").setPreviousValue(bs("nope")).build()));
    assertThat(wrong.getSucceed()).isFalse();
    assertThat(wrong.getPreviousNotExist()).isFalse();
    assertThat(wrong.getPreviousValue().toStringUtf8()).isEqualTo("v1");
    assertThat(get("k").getValue().toStringUtf8()).isEqualTo("v1");

    RawCASResponse right = await(raw.compareAndSwap(cas("k", "v2").setPreviousValue(bs("v1")).build()));
    assertThat(right.getSucceed()).isTrue();
    assertThat(right.getPreviousValue().toStringUtf8()).isEqualTo("v1");
    assertThat(get("k").getValue().toStringUtf8()).isEqualTo("v2");

    RawCASResponse onAbsentWithValue = await(raw.compareAndSwap(cas("other", "v").setPreviousValue(bs("")).build()));
    assertThat(onAbsentWithValue.getSucceed()).isFalse();
    assertThat(onAbsentWithValue.getPreviousNotExist()).isTrue();
  }

  private RawCASRequest.Builder cas(String k, String v) {
    return RawCASRequest.newBuilder().setContext(ctx).setKey(bs(k)).setValue(bs(v));
  }

  @Test
  void concurrentCompareAndSwapIncrementsLoseNothing() throws Exception {
    // writes complete later, on another thread, so unlatched CAS would interleave
    ExecutorService slow = Executors.newSingleThreadExecutor();
    try {
      FakeRaftKv slowKv = new FakeRaftKv(region, slow);
      RawKv r = new RawKv(slowKv, RawKvOptions.defaults(), pool, now::get);
      await(r.put(RawPutRequest.newBuilder().setContext(ctx).setKey(bs("n")).setValue(bs("0")).build()));
      int workers = 4;
      int perWorker = 50;
      List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
      ExecutorService clients = Executors.newFixedThreadPool(workers);
      try {
        for (int w = 0; w < workers; w++) {
          fs.add(clients.submit(() -> {
            for (int i = 0; i < perWorker; i++) {
              while (true) {
                String cur = await(r.get(RawGetRequest.newBuilder().setContext(ctx).setKey(bs("n")).build()))
                    .getValue().toStringUtf8();
                RawCASResponse resp = await(r.compareAndSwap(RawCASRequest.newBuilder().setContext(ctx)
                    .setKey(bs("n")).setPreviousValue(bs(cur))
                    .setValue(bs(Integer.toString(Integer.parseInt(cur) + 1))).build()));
                if (resp.getSucceed()) {
                  break;
                }
              }
            }
            return null;
          }));
        }
        for (var f : fs) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        clients.shutdownNow();
      }
      assertThat(await(r.get(RawGetRequest.newBuilder().setContext(ctx).setKey(bs("n")).build())).getValue()
          .toStringUtf8()).isEqualTo(Integer.toString(workers * perWorker));
    } finally {
      slow.shutdownNow();
    }
  }

  @Test
  void expiredKeysAreInvisibleToGetBatchGetScanAndTtl() throws Exception {
    put("short", "s", 10);
    put("forever", "f", 0);
    RawGetKeyTTLResponse ttl = await(raw.getKeyTtl(ttlReq("short")));
    assertThat(ttl.getTtl()).isEqualTo(10);
    assertThat(await(raw.getKeyTtl(ttlReq("forever"))).getTtl()).isZero();
    assertThat(await(raw.getKeyTtl(ttlReq("forever"))).getNotFound()).isFalse();
    assertThat(await(raw.getKeyTtl(ttlReq("nothing"))).getNotFound()).isTrue();

    now.addAndGet(9);
    assertThat(get("short").getValue().toStringUtf8()).isEqualTo("s");
    assertThat(await(raw.getKeyTtl(ttlReq("short"))).getTtl()).isEqualTo(1);

    now.addAndGet(1);
    assertThat(get("short").getNotFound()).isTrue();
    assertThat(await(raw.getKeyTtl(ttlReq("short"))).getNotFound()).isTrue();
    assertThat(await(raw.batchGet(RawBatchGetRequest.newBuilder().setContext(ctx).addKeys(bs("short"))
        .addKeys(bs("forever")).build())).getPairsList()).extracting(p -> p.getKey().toStringUtf8())
        .containsExactly("forever");
    // expired keys do not count against the limit
    assertThat(keys(scan("e", "", 1, false))).containsExactly("forever");
    assertThat(keys(scan("", "", 1, true))).containsExactly("forever");
    // an expired key is absent for CAS
    assertThat(await(raw.compareAndSwap(cas("short", "again").setPreviousNotExist(true).build())).getSucceed())
        .isTrue();
  }

  private RawGetKeyTTLRequest ttlReq(String k) {
    return RawGetKeyTTLRequest.newBuilder().setContext(ctx).setKey(bs(k)).build();
  }

  @Test
  void batchPutTtlsApplyOneEachOrOneForAll() throws Exception {
    RawBatchPutRequest.Builder b = RawBatchPutRequest.newBuilder().setContext(ctx)
        .addPairs(KvPair.newBuilder().setKey(bs("c")).setValue(bs("1")))
        .addPairs(KvPair.newBuilder().setKey(bs("d")).setValue(bs("2")));
    await(raw.batchPut(b.clone().addTtls(5).addTtls(50).build()));
    assertThat(await(raw.getKeyTtl(ttlReq("c"))).getTtl()).isEqualTo(5);
    assertThat(await(raw.getKeyTtl(ttlReq("d"))).getTtl()).isEqualTo(50);
    await(raw.batchPut(b.clone().addTtls(7).build()));
    assertThat(await(raw.getKeyTtl(ttlReq("d"))).getTtl()).isEqualTo(7);
    assertThat(await(raw.batchPut(b.clone().addTtls(1).addTtls(2).addTtls(3).build())).getError())
        .isEqualTo("The length of ttls does not equal to the length of pairs");
  }

  @Test
  void withTtlOffValuesAreStoredAsIsAndTtlsAreRefused() throws Exception {
    raw = new RawKv(kv, RawKvOptions.defaults().withTtl(false), pool, now::get);
    put("c", "plain", 0);
    assertThat(kv.engine.get("default", io.kiln.raftstore.Keys.dataKey("c".getBytes()))).asString()
        .isEqualTo("plain");
    assertThat(await(raw.put(RawPutRequest.newBuilder().setContext(ctx).setKey(bs("c")).setValue(bs("v"))
        .setTtl(3).build())).getError()).isEqualTo("ttl is not enabled, but get put request with ttl");
    assertThat(await(raw.getKeyTtl(ttlReq("c"))).getError()).isEqualTo("ttl is not enabled");
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    assertThat(await(raw.put(RawPutRequest.newBuilder().setContext(ctx).setValue(bs("v")).build())).getError())
        .isEqualTo("key cannot be empty");
    String big = "k".repeat(8 * 1024 + 1);
    assertThat(await(raw.put(RawPutRequest.newBuilder().setContext(ctx).setKey(bs(big)).setValue(bs("v")).build()))
        .getError()).isEqualTo("max key size exceeded, size: 8193, limit: 8192");
    assertThat(get(big).getError()).startsWith("max key size exceeded");
    put("c" + "k".repeat(8 * 1024 - 1), "fits", 0);

    RawKv small = new RawKv(kv, RawKvOptions.defaults().withMaxValueSize(4), pool, now::get);
    assertThat(await(small.put(RawPutRequest.newBuilder().setContext(ctx).setKey(bs("c")).setValue(bs("12345"))
        .build())).getError()).isEqualTo("max value size exceeded, size: 5, limit: 4");

    assertThat(await(raw.get(RawGetRequest.newBuilder().setContext(ctx).setKey(bs("c")).setCf("raft").build()))
        .getError()).isEqualTo("invalid cf name: raft");
    assertThat(await(raw.get(RawGetRequest.newBuilder().setContext(ctx.toBuilder()
        .setApiVersion(Kvrpcpb.APIVersion.V2)).setKey(bs("c")).build())).getError()).contains("Api version");
    var scanErr = await(raw.scan(RawScanRequest.newBuilder().setContext(ctx).setCf("nope").setLimit(1).build()));
    assertThat(scanErr.getKvs(0).getError().getAbort()).isEqualTo("invalid cf name: nope");
  }

  @Test
  void otherColumnFamiliesAreSeparate() throws Exception {
    await(raw.put(RawPutRequest.newBuilder().setContext(ctx).setKey(bs("c")).setValue(bs("in-write")).setCf("write")
        .build()));
    assertThat(get("c").getNotFound()).isTrue();
    assertThat(await(raw.get(RawGetRequest.newBuilder().setContext(ctx).setKey(bs("c")).setCf("write").build()))
        .getValue().toStringUtf8()).isEqualTo("in-write");
  }

  @Test
  void regionErrorsGoToRegionError() throws Exception {
    Kvrpcpb.Context other = ctx.toBuilder().setRegionId(99).build();
    assertThat(await(raw.get(RawGetRequest.newBuilder().setContext(other).setKey(bs("c")).build()))
        .getRegionError().hasRegionNotFound()).isTrue();
    assertThat(await(raw.put(RawPutRequest.newBuilder().setContext(other).setKey(bs("c")).setValue(bs("v")).build()))
        .getRegionError().hasRegionNotFound()).isTrue();
    var outside = await(raw.get(RawGetRequest.newBuilder().setContext(ctx).setKey(bs("zz")).build()));
    assertThat(outside.getRegionError().hasKeyNotInRegion()).isTrue();
    assertThat(outside.getError()).isEmpty();
  }
}
