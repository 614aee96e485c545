package io.kiln.testkit.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.Seeds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store that holds the primary lock crashes in the middle of two-phase commit; lock resolution
 * finishes the transaction the way its primary says: committed if the primary was committed before
 * the crash, rolled back once the lock's TTL has run out if it was not.
 */
class PrimaryCrashTest {

  private static final List<ByteString> KEYS = List.of(key("a"), key("b"), key("c"));

  private static ByteString key(String k) {
    return ByteString.copyFromUtf8(k);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<Kvrpcpb.Mutation> puts(String value) {
    return KEYS.stream().map(k -> Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(k)
        .setValue(ByteString.copyFromUtf8(value)).build()).toList();
  }

  private static Map<ByteString, String> read(TxnDriver d) {
    Map<ByteString, String> out = new LinkedHashMap<>();
    d.batchGet(d.begin(), KEYS).forEach((k, v) -> out.put(k, new String(v, java.nio.charset.StandardCharsets.UTF_8)));
    return out;
  }

  private static void writeInitial(TxnDriver d) {
    Map<ByteString, byte[]> w = new LinkedHashMap<>();
    KEYS.forEach(k -> w.put(k, utf8("old")));
    d.commit(d.begin(), w);
  }

  @Test
  void committedPrimaryThenLeaderCrash_readersCommitTheSecondaries() {
    long seed = Seeds.clusterSeed();
    System.out.println("[seed] PrimaryCrashTest.committed seed=" + seed);
    Tso tso = Tso.systemClock();
    try (Cluster c = TxnClusters.started(seed, 3); TxnStores stores = TxnClusters.stores(c, tso)) {
      TxnDriver client = TxnClusters.driver(c, stores, tso, 3000, c.newRandom());
      writeInitial(client);

      long start = client.begin();
      client.prewrite(start, KEYS.get(0), puts("new"));
      long commitTs = tso.next();
      client.commitPrimary(start, commitTs, KEYS.get(0));
      long leader = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      c.stopStore(leader);
      // the client dies here too: the secondaries b and c keep their locks

      TxnDriver reader = TxnClusters.driver(c, stores, tso, 3000, c.newRandom());
      assertThat(read(reader)).as("seed %d", seed).containsExactly(
          Map.entry(KEYS.get(0), "new"), Map.entry(KEYS.get(1), "new"), Map.entry(KEYS.get(2), "new"));

      c.startStore(leader);
      for (long s : c.storeIds()) {
        TxnClusters.waitUntil(() -> TxnClusters.locks(c, s) == 0, "store " + s + " still holds locks");
      }
      assertThat(read(reader)).containsValues("new", "new", "new");
    }
  }

  @Test
  void uncommittedPrimaryThenLeaderCrash_theExpiredLockIsRolledBack() {
    long seed = Seeds.clusterSeed();
    System.out.println("[seed] PrimaryCrashTest.uncommitted seed=" + seed);
    Tso tso = Tso.systemClock();
    try (Cluster c = TxnClusters.started(seed, 3); TxnStores stores = TxnClusters.stores(c, tso)) {
      TxnDriver client = TxnClusters.driver(c, stores, tso, 1000, c.newRandom());
      writeInitial(client);

      long start = client.begin();
      client.prewrite(start, KEYS.get(0), puts("new"));
      long leader = c.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      c.stopStore(leader);

      TxnDriver reader = TxnClusters.driver(c, stores, tso, 1000, c.newRandom());
      assertThat(read(reader)).as("seed %d: the lock's TTL ran out and it was rolled back", seed)
          .containsExactly(Map.entry(KEYS.get(0), "old"), Map.entry(KEYS.get(1), "old"),
              Map.entry(KEYS.get(2), "old"));

      // the client comes back late and tries to commit: the primary was rolled back
      assertThatThrownBy(() -> client.commitPrimary(start, tso.next(), KEYS.get(0)))
          .isInstanceOf(TxnDriver.TxnAbortedException.class);
      c.startStore(leader);
      for (long s : c.storeIds()) {
        TxnClusters.waitUntil(() -> TxnClusters.locks(c, s) == 0, "store " + s + " still holds locks");
      }
      assertThat(read(reader)).containsValues("old", "old", "old");
    }
  }
}
