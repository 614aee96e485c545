package io.kiln.client.txn;

import static io.kiln.client.pd.FakePdClient.region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.client.KeyValue;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.error.KeyLockedException;
import io.kiln.client.error.TxnAbortedException;
import io.kiln.client.error.TxnConflictException;
import io.kiln.client.pd.FakePdClient;
import io.kiln.client.pd.Timestamps;
import io.kiln.client.region.KeyMode;
import io.kiln.client.region.RegionCache;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.client.rpc.StoreChannels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's two-phase commit and lock resolution against a fake single-region Percolator store. */
class TwoPhaseCommitTest {

  FakeTikvStore store;
  FakePdClient pd;
  StoreChannels channels;
  ScheduledExecutorService executor;
  TxnClient txn;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @BeforeEach
  void start() throws Exception {
    store = new FakeTikvStore();
    pd = new FakePdClient();
    pd.addStore(1, store.address());
    pd.setRegions(List.of(region(1, new byte[0], new byte[0], 1, 1, 1)));
    channels = new StoreChannels(5_000);
    executor = Executors.newScheduledThreadPool(2);
    RegionRequestSender sender = new RegionRequestSender(new RegionCache(pd, KeyMode.TXN), channels);
    txn = new TxnClient(pd, sender, Backoffs.system(new Random(11)), 20_000, 2, executor, 3_000, 50);
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    channels.close();
    store.close();
  }

  @Test
  void committedWritesAreVisibleToLaterTransactionsOnly() throws Exception {
    Transaction before = txn.begin();
    Transaction t = txn.begin();
    t.set(b("a"), b("1"));
    t.set(b("b"), b("2"));
    t.set(b("c"), b("3"));
    assertThat(t.get(b("a"))).map(TwoPhaseCommitTest::s).contains("1");
    long commitTs = t.commit();
    assertThat(commitTs).isGreaterThan(t.startTs());
    t.secondariesCommitted().get(10, TimeUnit.SECONDS);
    assertThat(store.lockCount()).isZero();

    Transaction after = txn.begin();
    assertThat(after.batchGet(List.of(b("a"), b("b"), b("c"), b("d")))).extracting(KeyValue::valueUtf8)
        .containsExactly("1", "2", "3");
    assertThat(before.get(b("a"))).isEmpty();

    Transaction del = txn.begin();
    del.delete(b("b"));
    del.commit();
    assertThat(txn.begin().get(b("b"))).isEmpty();
    assertThat(txn.snapshot(commitTs).get(b("b"))).map(TwoPhaseCommitTest::s).contains("2");
  }

  @Test
  void aWriteConflictFailsTheLaterCommitAndLeavesNoLocks() {
    Transaction t1 = txn.begin();
    Transaction t2 = txn.begin();
    t2.set(b("k"), b("t2"));
    t2.commit();
    t1.set(b("a"), b("t1"));
    t1.set(b("k"), b("t1"));
    assertThatThrownBy(t1::commit).isInstanceOf(TxnConflictException.class)
        .satisfies(e -> assertThat(((TxnConflictException) e).isRetryable()).isTrue());
    assertThat(store.lockCount()).isZero();
    assertThat(txn.begin().get(b("a"))).isEmpty();
    assertThatThrownBy(() -> t1.get(b("a"))).isInstanceOf(TxnAbortedException.class);
  }

  @Test
  void aReaderCommitsTheLeftoverLocksOfACommittedTransaction() {
    store.dropSecondaryCommits = true;
    Transaction t = txn.begin();
    t.set(b("p"), b("primary"));
    t.set(b("s"), b("secondary"));
    t.commit();
    assertThat(store.lockCount()).isEqualTo(1);
    store.dropSecondaryCommits = false;
    assertThat(txn.begin().get(b("s"))).map(TwoPhaseCommitTest::s).contains("secondary");
    assertThat(store.lockCount()).isZero();
  }

  @Test
  void aReaderRollsBackTheExpiredLockOfAnAbandonedTransaction() {
    // a transaction that started long before the fake PD's clock (physical 1000 ms) with a 10 ms TTL
    store.plantLock(ByteString.copyFromUtf8("x"), ByteString.copyFromUtf8("x"), Timestamps.compose(10, 0), 10);
    assertThat(txn.begin().get(b("x"))).isEmpty();
    assertThat(store.lockCount()).isZero();
  }

  @Test
  void aLiveLockMakesTheReaderGiveUpWithALockError() {
    store.plantLock(ByteString.copyFromUtf8("y"), ByteString.copyFromUtf8("y"), Timestamps.compose(999, 0), 3_600_000);
    RegionRequestSender sender = new RegionRequestSender(new RegionCache(pd, KeyMode.TXN), channels);
    TxnClient impatient = new TxnClient(pd, sender, Backoffs.system(new Random(12)), 1_000, 2, executor, 3_000, 50);
    assertThatThrownBy(() -> impatient.begin().get(b("y"))).isInstanceOf(KeyLockedException.class)
        .hasMessageContaining("locked");
    assertThat(store.lockCount()).isEqualTo(1);
  }

  @Test
  void commitTsExpiredIsRetriedWithANewerCommitTs() {
    Transaction t = txn.begin();
    t.set(b("e"), b("1"));
    long min = pd.getTimestamp().join() + 5;
    store.expireFirstCommitBelow.set(min);
    assertThat(t.commit()).isGreaterThanOrEqualTo(min);
    assertThat(txn.begin().get(b("e"))).map(TwoPhaseCommitTest::s).contains("1");
  }

  @Test
  void heartbeatsExtendThePrimaryLock() throws Exception {
    long startTs = Timestamps.compose(1_000, 0);
    store.plantLock(ByteString.copyFromUtf8("h"), ByteString.copyFromUtf8("h"), startTs, 3_000);
    RegionRequestSender sender = new RegionRequestSender(new RegionCache(pd, KeyMode.TXN), channels);
    // the wall clock says 60 s passed since start_ts: the advised TTL is 63 s
    try (TtlKeeper keeper = new TtlKeeper(executor, sender, Backoffs.system(new Random(5)), b("h"), startTs, 3_000, 20,
        () -> 61_000)) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (store.heartbeats.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    assertThat(store.heartbeats.get()).isGreaterThanOrEqualTo(2);
    assertThat(store.lockTtl(ByteString.copyFromUtf8("h"))).isEqualTo(63_000);
  }

  @Test
  void batchesAreSentPerRegionAndMaxBatch() {
    Transaction t = txn.begin();
    for (int i = 0; i < 5; i++) {
      t.set(b("m" + i), b("v" + i));
    }
    t.commit();
    // maxBatch 2: the primary's batch, then two more
    assertThat(store.prewrites.get()).isEqualTo(3);
  }
}
