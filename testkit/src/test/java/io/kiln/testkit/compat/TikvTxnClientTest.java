package io.kiln.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tikv.common.ByteWrapper;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.Snapshot;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.meta.TiTimestamp;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.KVClient;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * TiKV's own Java client (tikv-client-java 3.3.5), unchanged, running transactions against a Kiln
 * cluster: its two-phase committer (KvPrewrite, KvCommit), snapshot reads (KvGet, KvBatchGet,
 * KvScan) at a timestamp, and its lock resolver (KvCheckTxnStatus, KvResolveLock) when a read meets
 * the lock of a transaction whose client went away.
 */
class TikvTxnClientTest {

  static LocalCluster cluster;
  static TiSession session;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(3);
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddress);
    conf.setWarmUpEnable(false);
    session = TiSession.create(conf);
  }

  @AfterAll
  static void stop() throws Exception {
    if (session != null) {
      session.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static byte[] u(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Commits {@code writes} (sorted; the first key is the primary) with TiKV's committer. */
  static long commit(Map<String, String> writes, long lockTtlMs) throws Exception {
    TreeMap<String, String> sorted = new TreeMap<>(writes);
    long startTs = session.getTimestamp().getVersion();
    String primary = sorted.firstKey();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs, lockTtlMs)) {
      committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(10_000), u(primary), u(sorted.get(primary)));
      List<BytePairWrapper> secondaries = new ArrayList<>();
      sorted.tailMap(primary, false).forEach((k, v) -> secondaries.add(new BytePairWrapper(u(k), u(v))));
      committer.prewriteSecondaryKeys(u(primary), secondaries.iterator(), 10_000);
      long commitTs = session.getTimestamp().getVersion();
      committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(10_000), u(primary), commitTs);
      List<ByteWrapper> keys = new ArrayList<>();
      sorted.tailMap(primary, false).keySet().forEach(k -> keys.add(new ByteWrapper(u(k))));
      Iterator<ByteWrapper> it = keys.iterator();
      committer.commitSecondaryKeys(it, commitTs, 10_000);
      return commitTs;
    }
  }

  @Test
  void twoPhaseCommitThenSnapshotReads() throws Exception {
    TiTimestamp before = session.getTimestamp();
    commit(Map.of("txn-a", "1", "txn-b", "2", "txn-c", "3"), 3000);

    Snapshot now = session.createSnapshot();
    assertThat(s(now.get(u("txn-a")))).isEqualTo("1");
    assertThat(now.batchGet(10_000, List.of(u("txn-a"), u("txn-b"), u("txn-c"), u("txn-missing"))))
        .extracting(p -> s(p.getKey()) + "=" + s(p.getValue()))
        .containsExactlyInAnyOrder("txn-a=1", "txn-b=2", "txn-c=3");
    List<String> scanned = new ArrayList<>();
    now.scanPrefix(ByteString.copyFromUtf8("txn-")).forEachRemaining(p -> scanned.add(p.getKey().toStringUtf8()));
    assertThat(scanned).containsExactly("txn-a", "txn-b", "txn-c");

    Snapshot old = session.createSnapshot(before);
    assertThat(old.get(u("txn-a"))).as("a snapshot from before the commit does not see it").isNullOrEmpty();
  }

  @Test
  void laterWritesDoNotChangeAnEarlierSnapshot() throws Exception {
    commit(Map.of("si-k", "v1"), 3000);
    TiTimestamp between = session.getTimestamp();
    commit(Map.of("si-k", "v2"), 3000);
    assertThat(s(session.createSnapshot(between).get(u("si-k")))).isEqualTo("v1");
    assertThat(s(session.createSnapshot().get(u("si-k")))).isEqualTo("v2");
    try (KVClient kv = session.createKVClient()) {
      assertThat(kv.get(ByteString.copyFromUtf8("si-k"), session.getTimestamp().getVersion()).toStringUtf8())
          .isEqualTo("v2");
      List<Kvrpcpb.KvPair> pairs = kv.scan(ByteString.copyFromUtf8("si-"), ByteString.copyFromUtf8("si."),
          session.getTimestamp().getVersion());
      assertThat(pairs).extracting(p -> p.getValue().toStringUtf8()).containsExactly("v2");
    }
  }

  @Test
  void aReaderResolvesTheLocksOfAnAbandonedTransaction() throws Exception {
    commit(Map.of("ab-p", "old", "ab-s", "old"), 3000);
    long startTs = session.getTimestamp().getVersion();
    TwoPhaseCommitter abandoned = new TwoPhaseCommitter(session, startTs, 500);
    abandoned.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(10_000), u("ab-p"), u("new"));
    abandoned.prewriteSecondaryKeys(u("ab-p"), List.of(new BytePairWrapper(u("ab-s"), u("new"))).iterator(), 10_000);
    // its client never commits: a reader meets the locks, waits out their TTL and rolls them back
    Snapshot reader = session.createSnapshot();
    assertThat(s(reader.get(u("ab-s")))).isEqualTo("old");
    assertThat(s(reader.get(u("ab-p")))).isEqualTo("old");

    long committedStart = session.getTimestamp().getVersion();
    TwoPhaseCommitter committed = new TwoPhaseCommitter(session, committedStart, 500);
    committed.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(10_000), u("ab-p"), u("done"));
    committed.prewriteSecondaryKeys(u("ab-p"), List.of(new BytePairWrapper(u("ab-s"), u("done"))).iterator(), 10_000);
    committed.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(10_000), u("ab-p"), session.getTimestamp().getVersion());
    // the secondary is still locked, but its primary is committed: the reader commits it
    assertThat(s(session.createSnapshot().get(u("ab-s")))).isEqualTo("done");
  }
}
