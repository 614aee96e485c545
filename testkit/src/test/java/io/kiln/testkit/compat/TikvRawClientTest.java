package io.kiln.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.tikv.shade.com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.raw.RawKVClient;

/** TiKV's own Java client (tikv-client-java 3.3.5), unchanged, against a Kiln cluster. */
class TikvRawClientTest {

  static LocalCluster cluster;
  static TiSession session;
  static RawKVClient raw;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(3);
    TiConfiguration conf = TiConfiguration.createRawDefault(cluster.pdAddress);
    conf.setWarmUpEnable(false);
    conf.setEnableAtomicForCAS(true);
    session = TiSession.create(conf);
    raw = session.createRawClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (session != null) {
      session.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void putGetDeleteAndBatches() {
    raw.put(b("a"), b("1"));
    assertThat(raw.get(b("a"))).contains(b("1"));
    raw.batchPut(Map.of(b("b"), b("2"), b("c"), b("3")));
    List<Kvrpcpb.KvPair> got = raw.batchGet(new java.util.ArrayList<>(List.of(b("a"), b("b"), b("c"), b("missing"))));
    assertThat(got).extracting(p -> p.getValue().toStringUtf8()).containsExactlyInAnyOrder("1", "2", "3");
    raw.delete(b("b"));
    assertThat(raw.get(b("b"))).isEmpty();
  }

  @Test
  void scanAndDeleteRange() {
    for (int i = 0; i < 10; i++) {
      raw.put(b("s" + i), b("v" + i));
    }
    List<Kvrpcpb.KvPair> scanned = raw.scan(b("s"), b("t"), 100);
    assertThat(scanned).extracting(p -> p.getKey().toStringUtf8())
        .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    raw.deleteRange(b("s3"), b("s7"));
    assertThat(raw.scan(b("s"), b("t"), 100)).extracting(p -> p.getKey().toStringUtf8())
        .containsExactly("s0", "s1", "s2", "s7", "s8", "s9");
  }

  @Test
  void compareAndSetAndTtl() throws Exception {
    raw.put(b("cas"), b("old"));
    raw.compareAndSet(b("cas"), Optional.of(b("old")), b("new"));
    assertThat(raw.get(b("cas"))).contains(b("new"));
    raw.put(b("ttl"), b("short"), 1);
    assertThat(raw.get(b("ttl"))).contains(b("short"));
    assertThat(raw.getKeyTTL(b("ttl"))).isPresent();
    Thread.sleep(2100);
    assertThat(raw.get(b("ttl"))).isEmpty();
  }
}
