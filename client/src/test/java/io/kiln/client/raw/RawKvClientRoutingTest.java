package io.kiln.client.raw;

import static io.kiln.client.pd.FakePdClient.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.client.KeyValue;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.pd.FakePdClient;
import io.kiln.client.pd.PdRegion;
import io.kiln.client.region.KeyMode;
import io.kiln.client.region.RegionCache;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.client.rpc.StoreChannels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RawKvClient over two regions ([, m) and [m, )) behind a fake store: grouping, ranges, NotLeader. */
class RawKvClientRoutingTest {

  static final byte[] EMPTY = new byte[0];
  FakeRawStore store;
  FakePdClient pd;
  StoreChannels channels;
  ExecutorService executor;
  RawKvClient raw;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void start() throws Exception {
    store = new FakeRawStore();
    pd = new FakePdClient();
    pd.addStore(1, store.address());
    pd.addStore(2, store.address());
    PdRegion left = region(1, EMPTY, b("m"), 1, 1, 1, 2);
    PdRegion right = region(2, b("m"), EMPTY, 1, 2, 1, 2);
    pd.setRegions(List.of(left, right));
    store.setRegion(left.region(), left.leader());
    store.setRegion(right.region(), right.leader());
    channels = new StoreChannels(5_000);
    executor = Executors.newFixedThreadPool(2);
    raw = new RawKvClient(new RegionRequestSender(new RegionCache(pd, KeyMode.RAW), channels),
        Backoffs.system(new Random(21)), 20_000, 2, executor);
    List<KeyValue> pairs = new ArrayList<>();
    for (String k : List.of("a", "c", "k", "m", "p", "x")) {
      pairs.add(KeyValue.of(k, "v-" + k));
    }
    raw.batchPut(pairs);
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    channels.close();
    store.close();
  }

  @Test
  void batchesAreSentPerRegionAndPerMaxBatch() {
    // 3 keys per region, at most 2 keys per request: 2 requests per region
    assertThat(store.requests).containsExactly("batchPut:1", "batchPut:1", "batchPut:2", "batchPut:2");
    store.requests.clear();
    assertThat(raw.batchGet(List.of(b("x"), b("a"), b("zz")))).extracting(KeyValue::keyUtf8).containsExactly("a", "x");
    assertThat(store.requests).containsExactly("batchGet:1", "batchGet:2");
  }

  @Test
  void scansCrossRegionBoundariesAndStopAtTheLimit() {
    assertThat(raw.scan(EMPTY, EMPTY, 100)).extracting(KeyValue::keyUtf8)
        .containsExactly("a", "c", "k", "m", "p", "x");
    assertThat(raw.scan(b("b"), b("q"), 4)).extracting(KeyValue::keyUtf8).containsExactly("c", "k", "m", "p");
    assertThat(raw.scan(b("b"), b("l"), 100, true)).extracting(KeyValue::valueUtf8).containsExactly("", "");
  }

  @Test
  void deleteRangeIsSplitPerRegion() {
    store.requests.clear();
    raw.deleteRange(b("b"), b("q"));
    assertThat(store.requests).containsExactly("deleteRange:1", "deleteRange:2");
    assertThat(raw.scan(EMPTY, EMPTY, 100)).extracting(KeyValue::keyUtf8).containsExactly("a", "x");
  }

  @Test
  void notLeaderNamingTheLeaderIsFollowedWithoutAskingPdAgain() {
    assertThat(raw.get(b("a"))).isPresent();
    long lookups = pd.regionLookups.get();
    // leadership of region 1 moved to store 2; PD does not know yet
    PdRegion moved = region(1, EMPTY, b("m"), 1, 2, 1, 2);
    store.setRegion(moved.region(), moved.leader());
    store.requests.clear();
    assertThat(raw.get(b("c"))).map(v -> new String(v, StandardCharsets.UTF_8)).contains("v-c");
    assertThat(store.requests).containsExactly("get:1", "get:1");
    assertThat(pd.regionLookups.get()).isEqualTo(lookups);
    store.requests.clear();
    raw.get(b("k"));
    assertThat(store.requests).containsExactly("get:1");
  }
}
