package io.kiln.storage.txn.commands;

import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random pairs of overlapping transactions on a few keys, checked against a model: a prewrite
 * fails exactly when it meets the other transaction's lock or a newer commit, and afterwards every
 * key read at every timestamp (KvGet and KvScan) shows exactly the committed history.
 */
class RandomTxnHistoryTest {

  private static final int KEYS = 5;

  private final TxnHarness h = new TxnHarness();
  /** key -> commit_ts -> value (null: deleted). */
  private final Map<String, TreeMap<Long, String>> model = new HashMap<>();
  private long ts = 0;

  @Test
  void historiesMatchTheModel() {
    long seed = Long.getLong("kiln.seed", System.nanoTime()); // re-run: -Dkiln.seed=<printed seed>
    System.out.println("RandomTxnHistoryTest seed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 60; round++) {
      Map<String, String> a = randomWrites(random);
      Map<String, String> b = randomWrites(random);
      long startA = ++ts;
      long startB = ++ts;
      boolean interleaved = random.nextBoolean();
      boolean aOk = prewriteAll(a, startA).getErrorsList().isEmpty();
      assertThat(aOk).as("seed %d round %d", seed, round).isTrue();
      boolean bOk;
      long commitA = 0;
      if (interleaved) {
        bOk = prewriteAll(b, startB).getErrorsList().isEmpty();
        assertThat(bOk).as("seed %d round %d: B meets A's locks", seed, round)
            .isEqualTo(disjoint(a, b));
        commitA = finish(a, startA, random.nextBoolean());
      } else {
        commitA = finish(a, startA, random.nextBoolean());
        bOk = prewriteAll(b, startB).getErrorsList().isEmpty();
        assertThat(bOk).as("seed %d round %d: B conflicts with A's newer commit", seed, round)
            .isEqualTo(commitA == 0 || disjoint(a, b));
      }
      if (bOk) {
        finish(b, startB, random.nextBoolean());
      } else {
        assertThat(h.run(rollback(startB, b.keySet().toArray(String[]::new))).hasError()).isFalse();
      }
      assertThat(h.count(Cf.LOCK)).as("seed %d round %d", seed, round).isZero();
    }
    for (long at = 0; at <= ts + 1; at++) {
      List<String> expectedScan = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        String key = "k" + i;
        String expected = visible(key, at);
        Kvrpcpb.GetResponse r = h.read(get(key, at));
        assertThat(r.hasError()).isFalse();
        assertThat(r.getNotFound() ? null : r.getValue().toStringUtf8())
            .as("seed %d: %s at %d", seed, key, at).isEqualTo(expected);
        if (expected != null) {
          expectedScan.add(key + "=" + expected);
        }
      }
      List<String> scanned = h.read(new ScanCommand(scan("", "", 100, at).build())).getPairsList()
          .stream().map(p -> p.getKey().toStringUtf8() + "=" + p.getValue().toStringUtf8()).toList();
      assertThat(scanned).as("seed %d: scan at %d", seed, at).isEqualTo(expectedScan);
    }
  }

  private Map<String, String> randomWrites(Random random) {
    Map<String, String> writes = new LinkedHashMap<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      String key = "k" + random.nextInt(KEYS);
      writes.put(key, random.nextInt(4) == 0 ? null : "v" + random.nextInt(1000));
    }
    return writes;
  }

  private Kvrpcpb.PrewriteResponse prewriteAll(Map<String, String> writes, long startTs) {
    String primary = writes.keySet().iterator().next();
    Kvrpcpb.PrewriteRequest.Builder req = prewrite(primary, startTs);
    writes.forEach((k, v) -> req.addMutations(v == null ? del(k) : put(k, v)));
    return h.run(new PrewriteCommand(req.build()));
  }

  /** Commits (returning the commit_ts) or rolls back (returning 0). */
  private long finish(Map<String, String> writes, long startTs, boolean commit) {
    String[] keys = writes.keySet().toArray(String[]::new);
    if (!commit) {
      assertThat(h.run(rollback(startTs, keys)).hasError()).isFalse();
      return 0;
    }
    long commitTs = ++ts;
    assertThat(h.run(commit(startTs, commitTs, keys)).hasError()).isFalse();
    writes.forEach((k, v) -> model.computeIfAbsent(k, x -> new TreeMap<>()).put(commitTs, v));
    return commitTs;
  }

  private String visible(String key, long at) {
    TreeMap<Long, String> versions = model.get(key);
    if (versions == null) {
      return null;
    }
    Map.Entry<Long, String> e = versions.floorEntry(at);
    return e == null ? null : e.getValue();
  }

  private static boolean disjoint(Map<String, String> a, Map<String, String> b) {
    for (String k : b.keySet()) {
      if (a.containsKey(k)) {
        return false;
      }
    }
    return true;
  }
}
