package io.kiln.storage.txn.commands;

import static io.kiln.storage.txn.actions.Timestamps.compose;
import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.WriteType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TinyKV 4C check txn status, with TiKV's min_commit_ts push and pessimistic options. */
class CheckTxnStatusTest {

  private final TxnHarness h = new TxnHarness();
  private final long start = compose(100, 0);

  private Kvrpcpb.CheckTxnStatusResponse check(long callerStartTs, long currentTs) {
    return h.run(new CheckTxnStatusCommand(checkTxnStatus("pk", start, callerStartTs, currentTs).build()));
  }

  @Test
  void aLiveLockIsReportedWithItsTtl() {
    h.run(new PrewriteCommand(prewrite("pk", start, put("pk", "v")).setLockTtl(50).build()));
    Kvrpcpb.CheckTxnStatusResponse r = check(0, compose(120, 0));
    assertThat(r.getAction()).isEqualTo(Kvrpcpb.Action.NoAction);
    assertThat(r.getLockTtl()).isEqualTo(50);
    assertThat(r.getCommitVersion()).isZero();
    assertThat(r.getLockInfo().getLockVersion()).isEqualTo(start);
    assertThat(r.getLockInfo().getKey().toStringUtf8()).isEqualTo("pk");
    assertThat(h.lockOf("pk")).isNotNull();
    assertThat(h.cm.maxTs()).isEqualTo(compose(120, 0));
  }

  @Test
  void anExpiredLockIsRolledBack() {
    h.run(new PrewriteCommand(prewrite("pk", start, put("pk", "v")).setLockTtl(10).build()));
    Kvrpcpb.CheckTxnStatusResponse r = check(0, compose(111, 0));
    assertThat(r.getAction()).isEqualTo(Kvrpcpb.Action.TTLExpireRollback);
    assertThat(r.getLockTtl()).isZero();
    assertThat(h.lockOf("pk")).isNull();
    assertThat(h.writeAt("pk", start).type()).isEqualTo(WriteType.ROLLBACK);
    // asking again: already rolled back
    assertThat(check(0, compose(200, 0)).getAction()).isEqualTo(Kvrpcpb.Action.NoAction);
  }

  @Test
  void aCommittedTxnAnswersItsCommitTs() {
    h.run(prewriteCmd("pk", start, put("pk", "v")));
    h.run(commit(start, start + 10, "pk"));
    Kvrpcpb.CheckTxnStatusResponse r = check(0, compose(500, 0));
    assertThat(r.getCommitVersion()).isEqualTo(start + 10);
    assertThat(r.getAction()).isEqualTo(Kvrpcpb.Action.NoAction);
    assertThat(r.getLockTtl()).isZero();
  }

  @Test
  void aMissingTxnIsNotFoundOrRolledBackOnRequest() {
    Kvrpcpb.CheckTxnStatusResponse notFound = check(0, compose(500, 0));
    assertThat(notFound.getError().getTxnNotFound().getStartTs()).isEqualTo(start);
    assertThat(notFound.getError().getTxnNotFound().getPrimaryKey().toStringUtf8()).isEqualTo("pk");
    assertThat(h.count(Cf.WRITE)).isZero();

    Kvrpcpb.CheckTxnStatusResponse rolled = h.run(new CheckTxnStatusCommand(
        checkTxnStatus("pk", start, 0, compose(500, 0)).setRollbackIfNotExist(true).build()));
    assertThat(rolled.getAction()).isEqualTo(Kvrpcpb.Action.LockNotExistRollback);
    assertThat(h.writeAt("pk", start).isProtectedRollback()).isTrue();
    // a late prewrite of that txn now fails
    assertThat(h.run(prewriteCmd("pk", start, put("pk", "v"))).getErrors(0).hasConflict()).isTrue();
  }

  @Test
  void callerStartTsPushesMinCommitTs() {
    h.run(new PrewriteCommand(prewrite("pk", start, put("pk", "v")).setMinCommitTs(start + 1).build()));
    long caller = start + 100;
    Kvrpcpb.CheckTxnStatusResponse r = check(caller, start + 50);
    assertThat(r.getAction()).isEqualTo(Kvrpcpb.Action.MinCommitTSPushed);
    assertThat(r.getLockInfo().getMinCommitTs()).isEqualTo(caller + 1);
    assertThat(h.lockOf("pk").minCommitTs()).isEqualTo(caller + 1);
    // a caller below the min_commit_ts pushes nothing
    Kvrpcpb.CheckTxnStatusResponse again = check(start + 20, start + 50);
    assertThat(again.getAction()).isEqualTo(Kvrpcpb.Action.NoAction);
    assertThat(h.lockOf("pk").minCommitTs()).isEqualTo(caller + 1);
  }

  @Test
  void aLockWithoutMinCommitTsIsNeverPushed() {
    h.run(prewriteCmd("pk", start, put("pk", "v")));
    assertThat(check(start + 100, start + 50).getAction()).isEqualTo(Kvrpcpb.Action.NoAction);
    assertThat(h.lockOf("pk").minCommitTs()).isZero();
  }

  @Test
  void resolvingAnExpiredPessimisticPrimaryOnlyRemovesIt() {
    h.putLock("pk", new Lock(LockType.PESSIMISTIC, TxnHarness.b("pk"), start, 10, null, start + 1, 0, 0,
        false, List.of(), List.of()));
    Kvrpcpb.CheckTxnStatusResponse r = h.run(new CheckTxnStatusCommand(
        checkTxnStatus("pk", start, 0, compose(200, 0)).setResolvingPessimisticLock(true).build()));
    assertThat(r.getAction()).isEqualTo(Kvrpcpb.Action.TTLExpirePessimisticRollback);
    assertThat(h.lockOf("pk")).isNull();
    assertThat(h.count(Cf.WRITE)).isZero();
    Kvrpcpb.CheckTxnStatusResponse nothing = h.run(new CheckTxnStatusCommand(
        checkTxnStatus("pk", start, 0, compose(200, 0)).setResolvingPessimisticLock(true)
            .setRollbackIfNotExist(true).build()));
    assertThat(nothing.getAction()).isEqualTo(Kvrpcpb.Action.LockNotExistDoNothing);
    assertThat(h.count(Cf.WRITE)).isZero();
  }

  @Test
  void anExpiredPessimisticPrimaryGetsAProtectedRollback() {
    h.putLock("pk", new Lock(LockType.PUT, TxnHarness.b("pk"), start, 10, TxnHarness.b("v"), start + 1, 0, 0,
        false, List.of(), List.of()));
    assertThat(check(0, compose(200, 0)).getAction()).isEqualTo(Kvrpcpb.Action.TTLExpireRollback);
    assertThat(h.writeAt("pk", start).isProtectedRollback()).isTrue();
  }

  @Test
  void asyncCommitLocksAreOnlyReported() {
    h.run(new PrewriteCommand(prewrite("pk", start, put("pk", "v")).setLockTtl(10)
        .setUseAsyncCommit(true).addSecondaries(bs("s")).build()));
    Kvrpcpb.CheckTxnStatusResponse r = check(0, compose(500, 0));
    assertThat(r.getAction()).isEqualTo(Kvrpcpb.Action.NoAction);
    assertThat(r.getLockInfo().getUseAsyncCommit()).isTrue();
    assertThat(r.getLockInfo().getSecondaries(0).toStringUtf8()).isEqualTo("s");
    assertThat(h.lockOf("pk")).isNotNull();
    Kvrpcpb.CheckTxnStatusResponse forced = h.run(new CheckTxnStatusCommand(
        checkTxnStatus("pk", start, 0, compose(500, 0)).setForceSyncCommit(true).build()));
    assertThat(forced.getAction()).isEqualTo(Kvrpcpb.Action.TTLExpireRollback);
    assertThat(h.lockOf("pk")).isNull();
  }
}
