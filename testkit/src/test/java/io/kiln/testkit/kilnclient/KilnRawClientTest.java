package io.kiln.testkit.kilnclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.client.KeyValue;
import io.kiln.client.KilnClient;
import io.kiln.client.pd.PdRegion;
import io.kiln.client.raw.CasResult;
import io.kiln.client.raw.RawKvClient;
import io.kiln.testkit.compat.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Kiln's RawKV client against PD and three stores over gRPC; the last test stops a store. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KilnRawClientTest {

  static final long SEED = 20261124L;
  static LocalCluster cluster;
  static KilnClient client;
  static RawKvClient raw;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(3);
    System.out.println("KilnRawClientTest backoff jitter seed " + SEED);
    client = KilnClient.builder().pdEndpoints(cluster.pdAddress).requestTimeout(Duration.ofSeconds(30))
        .rpcTimeout(Duration.ofSeconds(2)).random(new Random(SEED)).build();
    raw = client.raw();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void putGetDelete() {
    raw.put(b("a"), b("1"));
    assertThat(raw.get(b("a"))).map(KilnRawClientTest::s).contains("1");
    raw.put(b("a"), b("2"));
    assertThat(raw.get(b("a"))).map(KilnRawClientTest::s).contains("2");
    raw.delete(b("a"));
    assertThat(raw.get(b("a"))).isEmpty();
    assertThat(raw.get(b("never-written"))).isEmpty();
  }

  @Test
  @Order(2)
  void batchPutGetDelete() {
    List<KeyValue> pairs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pairs.add(KeyValue.of(String.format("b%03d", i), "v" + i));
    }
    raw.batchPut(pairs);
    List<byte[]> keys = new ArrayList<>();
    for (KeyValue kv : pairs) {
      keys.add(kv.key());
    }
    keys.add(b("b-missing"));
    List<KeyValue> got = raw.batchGet(keys);
    assertThat(got).containsExactlyElementsOf(pairs);
    raw.batchDelete(keys.subList(0, 25));
    assertThat(raw.batchGet(keys)).containsExactlyElementsOf(pairs.subList(25, 50));
  }

  @Test
  @Order(3)
  void scanWithLimitKeyOnlyAndDeleteRange() {
    for (int i = 0; i < 10; i++) {
      raw.put(b("s" + i), b("v" + i));
    }
    assertThat(raw.scan(b("s"), b("t"), 100)).extracting(KeyValue::keyUtf8)
        .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    assertThat(raw.scan(b("s2"), b("t"), 3)).extracting(KeyValue::valueUtf8).containsExactly("v2", "v3", "v4");
    assertThat(raw.scan(b("s"), b("s3"), 100, true)).extracting(KeyValue::valueUtf8).containsExactly("", "", "");
    raw.deleteRange(b("s3"), b("s7"));
    assertThat(raw.scan(b("s"), b("t"), 100)).extracting(KeyValue::keyUtf8)
        .containsExactly("s0", "s1", "s2", "s7", "s8", "s9");
    // an empty end scans to the last key
    assertThat(raw.scan(b("s8"), new byte[0], 100)).extracting(KeyValue::keyUtf8).startsWith("s8", "s9");
  }

  @Test
  @Order(4)
  void compareAndSet() {
    CasResult created = raw.compareAndSet(b("cas"), Optional.empty(), b("first"));
    assertThat(created.swapped()).isTrue();
    assertThat(created.previous()).isEmpty();
    CasResult wrong = raw.compareAndSet(b("cas"), Optional.of(b("nope")), b("second"));
    assertThat(wrong.swapped()).isFalse();
    assertThat(wrong.previous()).map(KilnRawClientTest::s).contains("first");
    CasResult right = raw.compareAndSet(b("cas"), Optional.of(b("first")), b("second"));
    assertThat(right.swapped()).isTrue();
    assertThat(raw.get(b("cas"))).map(KilnRawClientTest::s).contains("second");
    assertThat(raw.compareAndSet(b("cas"), Optional.empty(), b("third")).swapped()).isFalse();
  }

  @Test
  @Order(5)
  void ttl() throws Exception {
    raw.put(b("forever"), b("x"));
    assertThat(raw.getKeyTTL(b("forever"))).contains(0L);
    assertThat(raw.getKeyTTL(b("no-such-key"))).isEmpty();
    raw.put(b("ttl"), b("short"), 1);
    Optional<Long> ttl = raw.getKeyTTL(b("ttl"));
    assertThat(ttl).isPresent();
    assertThat(ttl.get()).isBetween(0L, 1L);
    // expiry is measured on the store's clock: poll (bounded) instead of asserting on time
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (raw.get(b("ttl")).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(raw.get(b("ttl"))).isEmpty();
  }

  @Test
  @Order(6)
  void asyncForms() {
    List<CompletableFuture<Void>> puts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      puts.add(raw.putAsync(b("async" + i), b("v" + i), 0));
    }
    CompletableFuture.allOf(puts.toArray(new CompletableFuture[0])).join();
    assertThat(raw.getAsync(b("async7")).join()).map(KilnRawClientTest::s).contains("v7");
    assertThat(raw.scanAsync(b("async"), b("asynd"), 100, false).join()).hasSize(20);
    raw.deleteRangeAsync(b("async"), b("asynd")).join();
    assertThat(raw.scan(b("async"), b("asynd"), 100)).isEmpty();
  }

  @Test
  @Order(7)
  void timestampsIncrease() {
    long previous = 0;
    List<CompletableFuture<Long>> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(client.pd().getTimestamp());
    }
    List<Long> all = new ArrayList<>();
    for (CompletableFuture<Long> f : many) {
      all.add(f.join());
    }
    assertThat(all).doesNotHaveDuplicates();
    long later = client.pd().getTimestamp().join();
    assertThat(later).isGreaterThan(all.stream().mapToLong(Long::longValue).max().orElse(previous));
  }

  @Test
  @Order(100)
  void leaderMovesWhenItsStoreStops() {
    for (int i = 0; i < 20; i++) {
      raw.put(b("moving" + i), b("v" + i));
    }
    PdRegion before = client.pd().getRegion(b("moving0"));
    assertThat(before.leader()).isNotNull();
    long stopped = before.leader().getStoreId();
    cluster.stopStore(stopped);

    // the cached leader is gone: the client must find the new one and go on
    for (int i = 0; i < 20; i++) {
      assertThat(raw.get(b("moving" + i))).as("moving%d after store %d stopped", i, stopped)
          .map(KilnRawClientTest::s).contains("v" + i);
    }
    raw.put(b("after-stop"), b("ok"));
    assertThat(raw.get(b("after-stop"))).map(KilnRawClientTest::s).contains("ok");
    PdRegion after = client.pd().getRegion(b("moving0"));
    assertThat(after.leader()).isNotNull();
    assertThat(after.leader().getStoreId()).isNotEqualTo(stopped);
  }
}
