package io.kiln.storage.txn.pessimistic;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import org.junit.jupiter.api.Test;

/**
 * A rollback record of the transaction at its start_ts (a resolver rolled it back) protects the
 * key: the transaction cannot lock it again, and is told to abort.
 */
class RolledBackTxnTest {

  private final PessimisticFixture f = new PessimisticFixture();

  @Test
  void ownRollbackRecordIsPessimisticLockRolledBack() {
    f.putWrite("k", 10, Write.rollback(10, true));

    Kvrpcpb.PessimisticLockResponse resp = f.lock(10, 12, "k");

    assertThat(resp.getErrorsCount()).isEqualTo(1);
    assertThat(resp.getErrors(0).getAbort()).contains("pessimistic lock already rollbacked")
        .contains("start_ts:10");
    assertThat(f.count(Cf.LOCK)).isZero();
  }

  @Test
  void anOverlappedRollbackFlagCountsAsARollback() {
    // another transaction committed at exactly our start_ts; our rollback flagged its record
    f.putWrite("k", 10,
        new Write(WriteType.PUT, 8, PessimisticFixture.b("v")).withOverlappedRollback());

    assertThat(f.lock(10, 12, "k").getErrors(0).getAbort()).contains("rollbacked");
  }

  @Test
  void aRollbackBelowNewerCommitsIsFoundToo() {
    f.putWrite("k", 10, Write.rollback(10, true));
    f.putCommitted("k", "v", 11, 15);

    assertThat(f.lock(10, 20, "k").getErrors(0).getAbort()).contains("rollbacked");
  }

  @Test
  void anotherTransactionsRollbackIsNoObstacle() {
    f.putWrite("k", 7, Write.rollback(7, true));
    f.putWrite("k", 12, Write.rollback(12, false));

    assertThat(f.lock(10, 12, "k").getErrorsList()).isEmpty();
  }

  @Test
  void anOverlappedCommitWithoutTheFlagIsNoRollback() {
    f.putCommitted("k", "v", 8, 10);

    assertThat(f.lock(10, 12, "k").getErrorsList()).isEmpty();
  }
}
