package io.kiln.storage.txn.commands;

import static io.kiln.storage.TxnHarness.b;
import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TinyKV 4B: KvGet, KvPrewrite, KvCommit, KvBatchRollback, KvCleanup, and their conflicts. */
class PrewriteCommitRollbackTest {

  private final TxnHarness h = new TxnHarness();

  @Test
  void getOfAnEmptyStoreIsNotFound() {
    Kvrpcpb.GetResponse r = h.read(get("k", 10));
    assertThat(r.getNotFound()).isTrue();
    assertThat(r.hasError()).isFalse();
  }

  @Test
  void getSeesOnlyVersionsCommittedAtOrBeforeItsTs() {
    h.putCommitted("k", "v1", 5, 10);
    h.putCommitted("k", "v2", 15, 20);
    assertThat(h.read(get("k", 9)).getNotFound()).isTrue();
    assertThat(h.read(get("k", 10)).getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(h.read(get("k", 19)).getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(h.read(get("k", 25)).getValue().toStringUtf8()).isEqualTo("v2");
  }

  @Test
  void getIsBlockedByAnOlderLockAndRaisesMaxTs() {
    h.run(prewriteCmd("k", 10, put("k", "v")));
    Kvrpcpb.GetResponse blocked = h.read(get("k", 12));
    assertThat(blocked.getError().getLocked().getLockVersion()).isEqualTo(10);
    assertThat(blocked.getError().getLocked().getPrimaryLock().toStringUtf8()).isEqualTo("k");
    assertThat(h.read(get("k", 8)).getNotFound()).isTrue();
    assertThat(h.cm.maxTs()).isEqualTo(12);
  }

  @Test
  void prewriteLocksEveryKeyAndStagesLongValues() {
    byte[] big = new byte[300];
    Arrays.fill(big, (byte) 7);
    Kvrpcpb.PrewriteResponse r = h.run(new PrewriteCommand(prewrite("a", 10, put("a", "va"), del("b"),
        lock("c"), put("d", big)).setTxnSize(4).setLockTtl(1234).build()));
    assertThat(r.getErrorsList()).isEmpty();
    Lock a = h.lockOf("a");
    assertThat(a.type()).isEqualTo(LockType.PUT);
    assertThat(a.shortValue()).isEqualTo(b("va"));
    assertThat(a.ttl()).isEqualTo(1234);
    assertThat(a.txnSize()).isEqualTo(4);
    assertThat(a.primary()).isEqualTo(b("a"));
    assertThat(h.lockOf("b").type()).isEqualTo(LockType.DELETE);
    assertThat(h.lockOf("c").type()).isEqualTo(LockType.LOCK);
    assertThat(h.lockOf("d").shortValue()).isNull();
    assertThat(h.valueAt("d", 10)).isEqualTo(big);
    assertThat(h.count(Cf.LOCK)).isEqualTo(4);
    assertThat(h.count(Cf.WRITE)).isZero();
    assertThat(h.count(Cf.DEFAULT)).isEqualTo(1);
  }

  @Test
  void commitTurnsLocksIntoWriteRecords() {
    byte[] big = new byte[300];
    h.run(prewriteCmd("a", 10, put("a", "va"), del("b"), put("d", big)));
    Kvrpcpb.CommitResponse r = h.run(commit(10, 20, "a", "b", "d"));
    assertThat(r.hasError()).isFalse();
    assertThat(r.getCommitVersion()).isEqualTo(20);
    assertThat(h.count(Cf.LOCK)).isZero();
    assertThat(h.writeAt("a", 20).type()).isEqualTo(WriteType.PUT);
    assertThat(h.writeAt("a", 20).shortValue()).isEqualTo(b("va"));
    assertThat(h.writeAt("b", 20).type()).isEqualTo(WriteType.DELETE);
    assertThat(h.writeAt("d", 20).shortValue()).isNull();
    assertThat(h.read(get("d", 25)).getValue().toByteArray()).isEqualTo(big);
    assertThat(h.read(get("a", 19)).getNotFound()).isTrue();
    assertThat(h.read(get("a", 20)).getValue().toStringUtf8()).isEqualTo("va");
  }

  @Test
  void prewriteOfAKeyLockedByAnotherTxnReportsEveryLockedKeyAndWritesNothing() {
    h.run(prewriteCmd("a", 10, put("a", "1"), put("b", "1")));
    Kvrpcpb.PrewriteResponse r = h.run(prewriteCmd("c", 11, put("a", "2"), put("b", "2"), put("c", "2")));
    assertThat(r.getErrorsList()).hasSize(2);
    assertThat(r.getErrors(0).getLocked().getKey().toStringUtf8()).isEqualTo("a");
    assertThat(r.getErrors(1).getLocked().getLockVersion()).isEqualTo(10);
    assertThat(h.lockOf("c")).isNull();
    assertThat(h.lockOf("a").startTs()).isEqualTo(10);
  }

  @Test
  void prewriteAfterANewerCommitIsAWriteConflict() {
    h.run(prewriteCmd("k", 10, put("k", "v")));
    h.run(commit(10, 20, "k"));
    Kvrpcpb.PrewriteResponse r = h.run(prewriteCmd("k", 15, put("k", "late")));
    Kvrpcpb.WriteConflict c = r.getErrors(0).getConflict();
    assertThat(c.getStartTs()).isEqualTo(15);
    assertThat(c.getConflictTs()).isEqualTo(10);
    assertThat(c.getConflictCommitTs()).isEqualTo(20);
    assertThat(c.getKey().toStringUtf8()).isEqualTo("k");
    assertThat(c.getPrimary().toStringUtf8()).isEqualTo("k");
    assertThat(r.getErrors(0).getRetryable()).isNotEmpty();
    assertThat(h.lockOf("k")).isNull();
    // skip_constraint_check lets it through
    Kvrpcpb.PrewriteResponse skipped = h.run(new PrewriteCommand(
        prewrite("k", 15, put("k", "late")).setSkipConstraintCheck(true).build()));
    assertThat(skipped.getErrorsList()).isEmpty();
  }

  @Test
  void prewriteAfterAnOlderCommitSucceeds() {
    h.putCommitted("k", "old", 1, 5);
    assertThat(h.run(prewriteCmd("k", 10, put("k", "v"))).getErrorsList()).isEmpty();
  }

  @Test
  void retriedPrewriteIsIdempotent() {
    h.run(prewriteCmd("k", 10, put("k", "v"), put("k2", "v")));
    byte[] before = h.lockOf("k").toBytes();
    Kvrpcpb.PrewriteResponse again = h.run(prewriteCmd("k", 10, put("k", "v"), put("k2", "v")));
    assertThat(again.getErrorsList()).isEmpty();
    assertThat(h.lockOf("k").toBytes()).isEqualTo(before);
    h.run(commit(10, 20, "k", "k2"));
    // a prewrite retried after the commit changes nothing
    assertThat(h.run(prewriteCmd("k", 10, put("k", "v"))).getErrorsList()).isEmpty();
    assertThat(h.lockOf("k")).isNull();
  }

  @Test
  void insertAndCheckNotExistsFailOnAVisibleValue() {
    h.putCommitted("k", "v", 1, 5);
    h.putCommitted("gone", "v", 1, 5);
    h.putWrite("gone", 7, new Write(WriteType.DELETE, 6, null));
    Kvrpcpb.PrewriteResponse r = h.run(prewriteCmd("k", 10, insert("k", "again")));
    assertThat(r.getErrors(0).getAlreadyExist().getKey().toStringUtf8()).isEqualTo("k");
    assertThat(h.run(prewriteCmd("k", 10, checkNotExists("k"))).getErrors(0).hasAlreadyExist()).isTrue();
    assertThat(h.run(prewriteCmd("gone", 10, insert("gone", "new"), checkNotExists("x"))).getErrorsList())
        .isEmpty();
    assertThat(h.lockOf("gone").type()).isEqualTo(LockType.PUT);
    assertThat(h.lockOf("x")).isNull(); // CheckNotExists locks nothing
  }

  @Test
  void commitIsIdempotentAndFailsWhenTheLockIsGone() {
    h.run(prewriteCmd("k", 10, put("k", "v")));
    h.run(commit(10, 20, "k"));
    Kvrpcpb.CommitResponse again = h.run(commit(10, 20, "k"));
    assertThat(again.hasError()).isFalse();
    assertThat(h.writeTsOf("k")).containsExactly(20L);
    Kvrpcpb.CommitResponse missing = h.run(commit(30, 40, "nothing"));
    assertThat(missing.getError().getRetryable()).contains("txn lock not found");
    assertThat(h.count(Cf.WRITE)).isEqualTo(1);
  }

  @Test
  void commitOfARolledBackTxnFails() {
    h.run(prewriteCmd("k", 10, put("k", "v")));
    assertThat(h.run(rollback(10, "k")).hasError()).isFalse();
    Kvrpcpb.CommitResponse r = h.run(commit(10, 20, "k"));
    assertThat(r.getError().getRetryable()).isNotEmpty();
    assertThat(h.writeAt("k", 10).type()).isEqualTo(WriteType.ROLLBACK);
    assertThat(h.writeAt("k", 20)).isNull();
  }

  @Test
  void commitOfAKeyLockedByAnotherTxnFailsAndWritesNothing() {
    h.run(prewriteCmd("k", 10, put("k", "v")));
    h.run(prewriteCmd("j", 11, put("j", "v")));
    Kvrpcpb.CommitResponse r = h.run(commit(11, 20, "j", "k"));
    assertThat(r.getError().getRetryable()).isNotEmpty();
    assertThat(h.lockOf("j")).isNotNull();
    assertThat(h.count(Cf.WRITE)).isZero();
  }

  @Test
  void commitBelowMinCommitTsIsExpired() {
    h.run(new PrewriteCommand(prewrite("k", 10, put("k", "v")).setMinCommitTs(30).build()));
    Kvrpcpb.CommitResponse r = h.run(commit(10, 20, "k"));
    Kvrpcpb.CommitTsExpired e = r.getError().getCommitTsExpired();
    assertThat(e.getStartTs()).isEqualTo(10);
    assertThat(e.getAttemptedCommitTs()).isEqualTo(20);
    assertThat(e.getMinCommitTs()).isEqualTo(30);
    assertThat(e.getKey().toStringUtf8()).isEqualTo("k");
    assertThat(h.run(commit(10, 30, "k")).hasError()).isFalse();
  }

  @Test
  void rollbackRemovesLockAndValueAndLeavesARecordThatStopsALatePrewrite() {
    byte[] big = new byte[300];
    h.run(prewriteCmd("k", 10, put("k", big)));
    assertThat(h.valueAt("k", 10)).isNotNull();
    assertThat(h.run(rollback(10, "k", "never-prewritten")).hasError()).isFalse();
    assertThat(h.lockOf("k")).isNull();
    assertThat(h.valueAt("k", 10)).isNull();
    assertThat(h.writeAt("k", 10).type()).isEqualTo(WriteType.ROLLBACK);
    assertThat(h.writeAt("never-prewritten", 10).type()).isEqualTo(WriteType.ROLLBACK);
    Kvrpcpb.PrewriteResponse late = h.run(prewriteCmd("never-prewritten", 10, put("never-prewritten", "v")));
    assertThat(late.getErrors(0).hasConflict()).isTrue();
    assertThat(h.lockOf("never-prewritten")).isNull();
    // rolling back twice is fine
    assertThat(h.run(rollback(10, "k")).hasError()).isFalse();
  }

  @Test
  void rollbackOfACommittedTxnAborts() {
    h.run(prewriteCmd("k", 10, put("k", "v")));
    h.run(commit(10, 20, "k"));
    Kvrpcpb.BatchRollbackResponse r = h.run(rollback(10, "k"));
    assertThat(r.getError().getAbort()).contains("committed");
    assertThat(h.writeTsOf("k")).containsExactly(20L);
  }

  @Test
  void rollbackLeavesOtherTxnsLocksAlone() {
    h.run(prewriteCmd("k", 10, put("k", "v")));
    assertThat(h.run(rollback(11, "k")).hasError()).isFalse();
    assertThat(h.lockOf("k").startTs()).isEqualTo(10);
    assertThat(h.writeAt("k", 11).type()).isEqualTo(WriteType.ROLLBACK);
  }

  @Test
  void unprotectedRollbacksCollapse() {
    h.run(rollback(10, "k"));
    h.run(rollback(11, "k"));
    assertThat(h.writeTsOf("k")).containsExactly(11L);
  }

  @Test
  void cleanupRespectsTtlAndReportsCommits() {
    long start = io.kiln.storage.txn.actions.Timestamps.compose(100, 0);
    h.run(new PrewriteCommand(prewrite("k", start, put("k", "v")).setLockTtl(10).build()));
    Kvrpcpb.CleanupResponse alive = h.run(cleanup("k", start,
        io.kiln.storage.txn.actions.Timestamps.compose(105, 0)));
    assertThat(alive.getError().getLocked().getLockVersion()).isEqualTo(start);
    assertThat(h.lockOf("k")).isNotNull();
    Kvrpcpb.CleanupResponse expired = h.run(cleanup("k", start,
        io.kiln.storage.txn.actions.Timestamps.compose(111, 0)));
    assertThat(expired.hasError()).isFalse();
    assertThat(h.lockOf("k")).isNull();
    // rolling back an optimistic lock leaves a plain rollback record (TiKV protects only a
    // pessimistic primary here); with no lock at all, cleanup writes a protected one
    assertThat(h.writeAt("k", start).type()).isEqualTo(WriteType.ROLLBACK);
    assertThat(h.run(cleanup("absent", start, 0)).hasError()).isFalse();
    assertThat(h.writeAt("absent", start).isProtectedRollback()).isTrue();

    h.run(prewriteCmd("j", 30, put("j", "v")));
    h.run(commit(30, 40, "j"));
    Kvrpcpb.CleanupResponse committed = h.run(cleanup("j", 30, 0));
    assertThat(committed.getCommitVersion()).isEqualTo(40);
    assertThat(committed.hasError()).isFalse();
  }

  @Test
  void pessimisticPrewriteReplacesThePessimisticLockOrFailsWithout() {
    h.putLock("k", new Lock(LockType.PESSIMISTIC, b("k"), 10, 500, null, 12, 0, 0, false, List.of(), List.of()));
    h.putCommitted("k", "newer", 1, 11); // committed after start_ts but before for_update_ts
    Kvrpcpb.PrewriteResponse ok = h.run(new PrewriteCommand(prewrite("k", 10, put("k", "v"), put("free", "v"))
        .setForUpdateTs(12).addIsPessimisticLock(true).addIsPessimisticLock(false).build()));
    assertThat(ok.getErrorsList()).isEmpty();
    Lock lock = h.lockOf("k");
    assertThat(lock.type()).isEqualTo(LockType.PUT);
    assertThat(lock.forUpdateTs()).isEqualTo(12);
    assertThat(lock.ttl()).isEqualTo(3000);
    assertThat(h.lockOf("free").forUpdateTs()).isEqualTo(12);

    Kvrpcpb.PrewriteResponse lost = h.run(new PrewriteCommand(prewrite("x", 20, put("x", "v"))
        .setForUpdateTs(21).addIsPessimisticLock(true).build()));
    assertThat(lost.getErrors(0).getAbort()).contains("pessimistic lock not found");
    assertThat(h.lockOf("x")).isNull();
  }
}
