package io.kiln.client.region;

import static io.kiln.client.pd.FakePdClient.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.client.backoff.BackoffKind;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.codec.MemComparableBytes;
import io.kiln.client.pd.FakePdClient;
import io.kiln.client.pd.PdRegion;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionCacheTest {

  static final byte[] EMPTY = new byte[0];
  FakePdClient pd;
  List<Long> sleeps;
  Backoffer backoffer;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void setUp() {
    pd = new FakePdClient();
    pd.addStore(1, "s1");
    pd.addStore(2, "s2");
    pd.addStore(3, "s3");
    // [, m) led by store 1, [m, ) led by store 2
    pd.setRegions(List.of(region(1, EMPTY, b("m"), 1, 1, 1, 2, 3), region(2, b("m"), EMPTY, 1, 2, 1, 2, 3)));
    sleeps = new ArrayList<>();
    long[] now = {0};
    backoffer = new Backoffs(new Random(3), ms -> {
      sleeps.add(ms);
      now[0] += ms * 1_000_000L;
    }, () -> now[0]).start("test", 10_000);
  }

  @Test
  void locatesAndCachesByStartKey() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    assertThat(cache.locate(b("a")).id()).isEqualTo(1);
    assertThat(cache.locate(b("l")).id()).isEqualTo(1);
    assertThat(cache.locate(b("m")).id()).isEqualTo(2);
    assertThat(cache.locate(b("zz")).id()).isEqualTo(2);
    assertThat(cache.pdLookups()).isEqualTo(2);
    assertThat(cache.storeAddress(2)).isEqualTo("s2");
  }

  @Test
  void groupsKeysByRegionInKeyOrder() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    Map<CachedRegion, List<byte[]>> groups = cache.groupByRegion(List.of(b("x"), b("b"), b("m"), b("a")));
    List<Long> ids = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    groups.forEach((r, ks) -> {
      ids.add(r.id());
      ks.forEach(k -> keys.add(r.id() + ":" + new String(k, StandardCharsets.UTF_8)));
    });
    assertThat(ids).containsExactly(1L, 2L);
    assertThat(keys).containsExactly("1:a", "1:b", "2:m", "2:x");
  }

  @Test
  void txnModeLooksUpEncodedKeysAndDecodesBoundaries() {
    byte[] split = MemComparableBytes.encode(b("m"));
    pd.setRegions(List.of(region(1, EMPTY, split, 1, 1, 1, 2, 3), region(2, split, EMPTY, 1, 2, 1, 2, 3)));
    RegionCache cache = new RegionCache(pd, KeyMode.TXN);
    CachedRegion first = cache.locate(b("l"));
    assertThat(first.id()).isEqualTo(1);
    assertThat(first.endKey()).containsExactly(b("m"));
    assertThat(cache.locate(b("m")).id()).isEqualTo(2);
    // "l\xff..." sorts before "m" both raw and encoded
    assertThat(cache.locate(new byte[] {'l', (byte) 0xFF, (byte) 0xFF}).id()).isEqualTo(1);
  }

  @Test
  void notLeaderNamingALeaderSwitchesWithoutBackoff() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    RegionErrorHandler handler = new RegionErrorHandler(cache);
    CachedRegion r = cache.locate(b("a"));
    Metapb.Peer newLeader = r.peerOnStore(3);
    handler.handle(backoffer, r, 1, Errorpb.Error.newBuilder()
        .setNotLeader(Errorpb.NotLeader.newBuilder().setRegionId(1).setLeader(newLeader)).build());
    assertThat(cache.locate(b("a")).leader().getStoreId()).isEqualTo(3);
    assertThat(cache.pdLookups()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void notLeaderWithoutALeaderDropsTheRegionAndBacksOff() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    RegionErrorHandler handler = new RegionErrorHandler(cache);
    CachedRegion r = cache.locate(b("a"));
    handler.handle(backoffer, r, 1, Errorpb.Error.newBuilder()
        .setNotLeader(Errorpb.NotLeader.newBuilder().setRegionId(1)).build());
    assertThat(backoffer.attempts(BackoffKind.NO_LEADER)).isEqualTo(1);
    cache.locate(b("a"));
    assertThat(cache.pdLookups()).isEqualTo(2);
  }

  @Test
  void epochNotMatchUsesTheCurrentRegions() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    RegionErrorHandler handler = new RegionErrorHandler(cache);
    CachedRegion r = cache.locate(b("a"));
    // region 1 split at "g": [, g) stays region 1 (version 2), [g, m) is region 3
    PdRegion left = region(1, EMPTY, b("g"), 2, 1, 1, 2, 3);
    PdRegion right = region(3, b("g"), b("m"), 2, 1, 1, 2, 3);
    handler.handle(backoffer, r, 1, Errorpb.Error.newBuilder().setEpochNotMatch(Errorpb.EpochNotMatch.newBuilder()
        .addCurrentRegions(left.region()).addCurrentRegions(right.region())).build());
    assertThat(sleeps).isEmpty();
    assertThat(cache.locate(b("a")).id()).isEqualTo(1);
    assertThat(cache.locate(b("a")).meta().getRegionEpoch().getVersion()).isEqualTo(2);
    assertThat(cache.locate(b("h")).id()).isEqualTo(3);
    assertThat(cache.locate(b("h")).leader().getStoreId()).isEqualTo(1);
    assertThat(cache.pdLookups()).isEqualTo(1);
  }

  @Test
  void serverIsBusyBacksOffAndKeepsTheCache() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    RegionErrorHandler handler = new RegionErrorHandler(cache);
    CachedRegion r = cache.locate(b("a"));
    handler.handle(backoffer, r, 1, Errorpb.Error.newBuilder()
        .setServerIsBusy(Errorpb.ServerIsBusy.newBuilder().setReason("busy")).build());
    assertThat(backoffer.attempts(BackoffKind.SERVER_BUSY)).isEqualTo(1);
    assertThat(cache.locate(b("a"))).isSameAs(r);
  }

  @Test
  void regionNotFoundKeyNotInRegionAndStoreNotMatchReload() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    RegionErrorHandler handler = new RegionErrorHandler(cache);
    handler.handle(backoffer, cache.locate(b("a")), 1, Errorpb.Error.newBuilder()
        .setRegionNotFound(Errorpb.RegionNotFound.newBuilder().setRegionId(1)).build());
    handler.handle(backoffer, cache.locate(b("a")), 1, Errorpb.Error.newBuilder()
        .setKeyNotInRegion(Errorpb.KeyNotInRegion.newBuilder().setRegionId(1)).build());
    cache.storeAddress(1);
    handler.handle(backoffer, cache.locate(b("a")), 1, Errorpb.Error.newBuilder()
        .setStoreNotMatch(Errorpb.StoreNotMatch.newBuilder().setRequestStoreId(1).setActualStoreId(4)).build());
    cache.locate(b("a"));
    assertThat(cache.pdLookups()).isEqualTo(4);
    assertThat(backoffer.attempts(BackoffKind.REGION_MISS)).isEqualTo(3);
  }

  @Test
  void insertingARegionDropsTheOverlappingOnes() {
    RegionCache cache = new RegionCache(pd, KeyMode.RAW);
    cache.locate(b("a"));
    cache.locate(b("x"));
    assertThat(cache.size()).isEqualTo(2);
    // the two regions merged into region 2 (version 3)
    pd.setRegions(List.of(region(2, EMPTY, EMPTY, 3, 2, 1, 2, 3)));
    cache.invalidate(cache.locate(b("a")));
    assertThat(cache.locate(b("a")).id()).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.locate(b("x")).id()).isEqualTo(2);
  }
}
