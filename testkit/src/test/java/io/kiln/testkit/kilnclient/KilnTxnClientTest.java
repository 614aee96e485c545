package io.kiln.testkit.kilnclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.client.KeyValue;
import io.kiln.client.KilnClient;
import io.kiln.client.error.TxnConflictException;
import io.kiln.client.txn.Transaction;
import io.kiln.client.txn.TxnClient;
import io.kiln.testkit.compat.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kiln's transactional client against PD and three stores over gRPC. */
class KilnTxnClientTest {

  static final long SEED = 20261124L;
  static LocalCluster cluster;
  static KilnClient client;
  static TxnClient txn;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(3);
    System.out.println("KilnTxnClientTest backoff jitter seed " + SEED);
    client = KilnClient.builder().pdEndpoints(cluster.pdAddress).requestTimeout(Duration.ofSeconds(30))
        .rpcTimeout(Duration.ofSeconds(2)).random(new Random(SEED)).build();
    txn = client.txn();
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
  void commitThenReadInALaterTransaction() throws Exception {
    Transaction old = txn.begin();
    Transaction t = txn.begin();
    t.set(b("t-a"), b("1"));
    t.set(b("t-b"), b("2"));
    t.delete(b("t-c"));
    long commitTs = t.commit();
    assertThat(commitTs).isGreaterThan(t.startTs());
    t.secondariesCommitted().get(30, TimeUnit.SECONDS);

    Transaction later = txn.begin();
    assertThat(later.get(b("t-a"))).map(KilnTxnClientTest::s).contains("1");
    assertThat(later.batchGet(List.of(b("t-a"), b("t-b"), b("t-c")))).extracting(KeyValue::valueUtf8)
        .containsExactly("1", "2");
    assertThat(old.get(b("t-a"))).as("snapshot isolation: an older start_ts does not see it").isEmpty();
  }

  @Test
  void scanMergesOwnWrites() {
    Transaction t = txn.begin();
    for (int i = 0; i < 5; i++) {
      t.set(b("sc" + i), b("v" + i));
    }
    t.commit();
    Transaction u = txn.begin();
    u.delete(b("sc1"));
    u.set(b("sc9"), b("mine"));
    assertThat(u.scan(b("sc"), b("sd"), 100)).extracting(KeyValue::keyUtf8)
        .containsExactly("sc0", "sc2", "sc3", "sc4", "sc9");
    assertThat(u.scan(b("sc"), b("sd"), 2)).extracting(KeyValue::keyUtf8).containsExactly("sc0", "sc2");
  }

  @Test
  void aWriteConflictIsRetryable() {
    Transaction t1 = txn.begin();
    Transaction t2 = txn.begin();
    t2.set(b("conflict"), b("t2"));
    t2.commit();
    t1.set(b("conflict"), b("t1"));
    assertThatThrownBy(t1::commit).isInstanceOf(TxnConflictException.class);
    assertThat(txn.begin().get(b("conflict"))).map(KilnTxnClientTest::s).contains("t2");
  }

  @Test
  void asyncForms() throws Exception {
    Transaction t = txn.beginAsync().get(30, TimeUnit.SECONDS);
    t.set(b("async-t"), b("x"));
    long commitTs = t.commitAsync().get(30, TimeUnit.SECONDS);
    assertThat(commitTs).isGreaterThan(t.startTs());
    assertThat(txn.begin().getAsync(b("async-t")).get(30, TimeUnit.SECONDS)).map(KilnTxnClientTest::s).contains("x");
  }

  /**
   * A transaction that prewrote and has not committed (its client is slow, its lock has a long
   * TTL) does not block a reader: the reader's KvCheckTxnStatus pushes the owner's min_commit_ts
   * past the reader's snapshot, and the read goes on at once with the old value; the owner's
   * commit below the pushed timestamp is refused (CommitTsExpired) and succeeds above it.
   */
  @Test
  void aReaderPushesAnUncommittedTransactionInsteadOfWaitingForIt() throws Exception {
    Transaction setup = txn.begin();
    setup.set(b("push-k"), b("old"));
    setup.commit();

    io.kiln.client.pd.PdRegion region = client.pd().getRegion(new byte[0]);
    String leaderAddress = client.pd().getStore(region.leader().getStoreId()).getAddress();
    io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forTarget(leaderAddress).usePlaintext().build();
    try {
      io.kiln.proto.TikvGrpc.TikvBlockingStub tikv = io.kiln.proto.TikvGrpc.newBlockingStub(channel);
      io.kiln.proto.Kvrpcpb.Context ctx = io.kiln.proto.Kvrpcpb.Context.newBuilder().setRegionId(region.region().getId())
          .setRegionEpoch(region.region().getRegionEpoch()).setPeer(region.leader()).build();
      long writerStart = client.pd().getTimestamp().get(10, TimeUnit.SECONDS);
      com.google.protobuf.ByteString key = com.google.protobuf.ByteString.copyFrom(b("push-k"));
      io.kiln.proto.Kvrpcpb.PrewriteResponse p = tikv.kvPrewrite(io.kiln.proto.Kvrpcpb.PrewriteRequest.newBuilder()
          .setContext(ctx).setPrimaryLock(key).setStartVersion(writerStart).setLockTtl(60_000)
          .setMinCommitTs(writerStart + 1)
          .addMutations(io.kiln.proto.Kvrpcpb.Mutation.newBuilder().setOp(io.kiln.proto.Kvrpcpb.Op.Put).setKey(key)
              .setValue(com.google.protobuf.ByteString.copyFrom(b("new"))))
          .build());
      assertThat(p.getErrorsList()).isEmpty();

      // a reader with a budget far below the lock's TTL: waiting could not succeed
      try (KilnClient impatient = KilnClient.builder().pdEndpoints(cluster.pdAddress)
          .requestTimeout(Duration.ofSeconds(3)).random(new Random(SEED)).build()) {
        Transaction reader = impatient.txn().begin();
        assertThat(reader.get(b("push-k"))).hasValueSatisfying(v -> assertThat(s(v)).isEqualTo("old"));

        io.kiln.proto.Kvrpcpb.CommitResponse early = tikv.kvCommit(io.kiln.proto.Kvrpcpb.CommitRequest.newBuilder()
            .setContext(ctx).setStartVersion(writerStart).setCommitVersion(reader.startTs()).addKeys(key).build());
        assertThat(early.getError().hasCommitTsExpired()).as("the reader pushed the commit past itself: %s", early)
            .isTrue();
        long commitTs = client.pd().getTimestamp().get(10, TimeUnit.SECONDS);
        io.kiln.proto.Kvrpcpb.CommitResponse late = tikv.kvCommit(io.kiln.proto.Kvrpcpb.CommitRequest.newBuilder()
            .setContext(ctx).setStartVersion(writerStart).setCommitVersion(commitTs).addKeys(key).build());
        assertThat(late.hasError()).as("%s", late).isFalse();
        assertThat(reader.get(b("push-k"))).as("the reader's snapshot stays where it was")
            .hasValueSatisfying(v -> assertThat(s(v)).isEqualTo("old"));
        assertThat(impatient.txn().begin().get(b("push-k"))).hasValueSatisfying(v -> assertThat(s(v)).isEqualTo("new"));
      }
    } finally {
      channel.shutdownNow();
    }
  }
}
