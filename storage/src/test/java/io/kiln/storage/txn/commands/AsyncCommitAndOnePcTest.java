package io.kiln.storage.txn.commands;

import static io.kiln.storage.TxnHarness.b;
import static io.kiln.storage.TxnHarness.enc;
import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.WriteType;
import io.kiln.storage.txn.WriteResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Async commit (min_commit_ts from max_ts, memory locks) and 1PC prewrites. */
class AsyncCommitAndOnePcTest {

  private final TxnHarness h = new TxnHarness();

  private PrewriteCommand asyncPrewrite(long startTs, Kvrpcpb.Mutation... ms) {
    return new PrewriteCommand(prewrite("pk", startTs, ms).setUseAsyncCommit(true)
        .addSecondaries(bs("s1")).addSecondaries(bs("s2")).build());
  }

  @Test
  void minCommitTsIsAboveEveryTimestampReadersUsed() {
    h.read(get("elsewhere", 50)); // a reader at 50 raises max_ts
    Kvrpcpb.PrewriteResponse r = h.run(asyncPrewrite(10, put("pk", "v"), put("s1", "v"), put("s2", "v")));
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getMinCommitTs()).isEqualTo(51);
    Lock primary = h.lockOf("pk");
    assertThat(primary.useAsyncCommit()).isTrue();
    assertThat(primary.secondaries()).containsExactly(b("s1"), b("s2"));
    assertThat(primary.minCommitTs()).isEqualTo(51);
    Lock secondary = h.lockOf("s1");
    assertThat(secondary.useAsyncCommit()).isTrue();
    assertThat(secondary.secondaries()).isEmpty();
    // the memory locks were released after the write
    assertThat(h.cm.memoryLock(enc("pk"))).isNull();
    // the reader at 50 is not blocked: the transaction will commit above it
    assertThat(h.read(get("pk", 50)).getNotFound()).isTrue();
    // a repeated prewrite answers the same min_commit_ts
    h.read(get("elsewhere", 80));
    assertThat(h.run(asyncPrewrite(10, put("pk", "v"), put("s1", "v"), put("s2", "v"))).getMinCommitTs())
        .isEqualTo(51);
  }

  @Test
  void theRequestsMinCommitTsAndForUpdateTsAreFloors() {
    Kvrpcpb.PrewriteResponse r = h.run(new PrewriteCommand(prewrite("pk", 10, put("pk", "v"))
        .setUseAsyncCommit(true).setMinCommitTs(70).build()));
    assertThat(r.getMinCommitTs()).isEqualTo(70);
  }

  @Test
  void readersSeeTheMemoryLockUntilTheWriteIsApplied() {
    h.cm.updateMaxTs(20);
    WriteResult<Kvrpcpb.PrewriteResponse> pending = h.dryRun(asyncPrewrite(10, put("pk", "v")));
    assertThat(pending.releaseAfterWrite()).hasSize(1);
    assertThat(h.cm.memoryLock(enc("pk")).minCommitTs()).isEqualTo(21);
    // nothing in the engine yet, but a reader above min_commit_ts is told about the lock
    assertThat(h.lockOf("pk")).isNull();
    Kvrpcpb.GetResponse blocked = h.read(get("pk", 30));
    assertThat(blocked.getError().getLocked().getLockVersion()).isEqualTo(10);
    assertThat(blocked.getError().getLocked().getUseAsyncCommit()).isTrue();
    Kvrpcpb.ScanResponse scanBlocked = h.read(new ScanCommand(scan("", "", 10, 30).build()));
    assertThat(scanBlocked.getError().hasLocked()).isTrue();
    assertThat(h.read(batchGet(30, "pk")).getError().hasLocked()).isTrue();
    // a reader below min_commit_ts is not
    assertThat(h.read(get("pk", 20)).getNotFound()).isTrue();
    h.kv.write(pending.modifies());
    for (AutoCloseable g : pending.releaseAfterWrite()) {
      try {
        g.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    assertThat(h.cm.memoryLock(enc("pk"))).isNull();
    assertThat(h.read(get("pk", 30)).getError().hasLocked()).isTrue(); // now from the engine
  }

  @Test
  void aFailedAsyncPrewriteReleasesItsMemoryLocks() {
    h.run(prewriteCmd("s2", 5, put("s2", "other")));
    Kvrpcpb.PrewriteResponse r = h.run(asyncPrewrite(10, put("pk", "v"), put("s2", "v")));
    assertThat(r.getErrors(0).hasLocked()).isTrue();
    assertThat(r.getMinCommitTs()).isZero();
    assertThat(h.cm.memoryLock(enc("pk"))).isNull();
    assertThat(h.lockOf("pk")).isNull();
  }

  @Test
  void commitTsAboveMaxCommitTsFallsBackToTwoPhaseCommit() {
    h.cm.updateMaxTs(100);
    Kvrpcpb.PrewriteResponse r = h.run(new PrewriteCommand(prewrite("pk", 10, put("pk", "v"))
        .setUseAsyncCommit(true).setMaxCommitTs(50).build()));
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getMinCommitTs()).isZero();
    assertThat(h.lockOf("pk").useAsyncCommit()).isFalse();
    assertThat(h.cm.memoryLock(enc("pk"))).isNull();
  }

  @Test
  void onePcWritesCommitRecordsDirectly() {
    h.cm.updateMaxTs(40);
    byte[] big = new byte[400];
    Kvrpcpb.PrewriteResponse r = h.run(new PrewriteCommand(prewrite("pk", 10, put("pk", "v"),
        del("d"), lock("l"), put("big", big)).setTryOnePc(true).build()));
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getOnePcCommitTs()).isEqualTo(41);
    assertThat(h.count(Cf.LOCK)).isZero();
    assertThat(h.writeAt("pk", 41).type()).isEqualTo(WriteType.PUT);
    assertThat(h.writeAt("pk", 41).startTs()).isEqualTo(10);
    assertThat(h.writeAt("d", 41).type()).isEqualTo(WriteType.DELETE);
    assertThat(h.writeAt("l", 41).type()).isEqualTo(WriteType.LOCK);
    assertThat(h.valueAt("big", 10)).isEqualTo(big);
    assertThat(h.read(get("big", 41)).getValue().toByteArray()).isEqualTo(big);
    assertThat(h.read(get("pk", 40)).getNotFound()).isTrue();
    assertThat(h.cm.memoryLock(enc("pk"))).isNull();
    // a retried 1PC prewrite finds its commit and answers the same commit ts
    Kvrpcpb.PrewriteResponse again = h.run(new PrewriteCommand(prewrite("pk", 10, put("pk", "v"))
        .setTryOnePc(true).build()));
    assertThat(again.getErrorsList()).isEmpty();
    assertThat(again.getOnePcCommitTs()).isEqualTo(41);
    assertThat(h.writeTsOf("pk")).containsExactly(41L);
  }

  @Test
  void onePcOfAPessimisticTxnRemovesItsPessimisticLocks() {
    h.putLock("pk", new Lock(LockType.PESSIMISTIC, b("pk"), 10, 100, null, 12, 0, 0, false, List.of(), List.of()));
    Kvrpcpb.PrewriteResponse r = h.run(new PrewriteCommand(prewrite("pk", 10, put("pk", "v"))
        .setForUpdateTs(12).addIsPessimisticLock(true).setTryOnePc(true).build()));
    assertThat(r.getOnePcCommitTs()).isEqualTo(13);
    assertThat(h.lockOf("pk")).isNull();
    assertThat(h.writeAt("pk", 13).type()).isEqualTo(WriteType.PUT);
  }

  @Test
  void onePcWithAConflictWritesNothing() {
    h.putCommitted("k", "newer", 15, 20);
    Kvrpcpb.PrewriteResponse r = h.run(new PrewriteCommand(prewrite("pk", 10, put("pk", "v"), put("k", "v"))
        .setTryOnePc(true).build()));
    assertThat(r.getErrors(0).hasConflict()).isTrue();
    assertThat(r.getOnePcCommitTs()).isZero();
    assertThat(h.writeTsOf("pk")).isEmpty();
    assertThat(h.cm.memoryLock(enc("pk"))).isNull();
  }
}
