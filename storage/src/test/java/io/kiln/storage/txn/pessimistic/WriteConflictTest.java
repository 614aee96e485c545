package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.WriteType;
import org.junit.jupiter.api.Test;

/** A commit newer than for_update_ts: the statement must retry with a newer one. */
class WriteConflictTest {

  private final PessimisticFixture f = new PessimisticFixture();

  @Test
  void aCommitAfterForUpdateTsIsAWriteConflict() {
    f.putCommitted("k", "v", 14, 25);

    Kvrpcpb.PessimisticLockResponse resp = f.lock(10, 20, "k");

    assertThat(resp.getErrorsCount()).isEqualTo(1);
    Kvrpcpb.WriteConflict c = resp.getErrors(0).getConflict();
    assertThat(c.getStartTs()).isEqualTo(10);
    assertThat(c.getConflictTs()).isEqualTo(14);
    assertThat(c.getConflictCommitTs()).isEqualTo(25);
    assertThat(c.getKey().toStringUtf8()).isEqualTo("k");
    assertThat(c.getPrimary().toStringUtf8()).isEqualTo(PRIMARY);
    assertThat(resp.getErrors(0).getRetryable()).contains("PessimisticRetry");
    assertThat(f.count(Cf.LOCK)).isZero();
  }

  @Test
  void anyNewerRecordConflictsEvenALockOrRollbackRecord() {
    f.putRecord("a", WriteType.LOCK, 21, 22);
    f.putRecord("b", WriteType.ROLLBACK, 30, 30);

    assertThat(f.lock(10, 20, "a").getErrors(0).getConflict().getConflictCommitTs()).isEqualTo(22);
    assertThat(f.lock(10, 20, "b").getErrors(0).getConflict().getConflictCommitTs()).isEqualTo(30);
  }

  @Test
  void aCommitAtForUpdateTsIsNoConflict() {
    f.putCommitted("k", "v", 15, 20);

    assertThat(f.lock(10, 20, "k").getErrorsList()).isEmpty();
  }

  @Test
  void oneConflictingKeyFailsTheWholeRequestAndNothingIsLocked() {
    f.putCommitted("b", "v", 14, 25);

    Kvrpcpb.PessimisticLockResponse resp = f.lock(10, 20, "a", "b", "c");

    assertThat(resp.getErrorsCount()).isEqualTo(1);
    assertThat(resp.getErrors(0).getConflict().getKey().toStringUtf8()).isEqualTo("b");
    assertThat(f.count(Cf.LOCK)).isZero();
  }

  @Test
  void retryingWithANewerForUpdateTsSucceeds() {
    f.putCommitted("k", "v", 14, 25);
    f.lock(10, 20, "k");

    assertThat(f.lock(10, 26, "k").getErrorsList()).isEmpty();
    assertThat(f.lockOf("k").forUpdateTs()).isEqualTo(26);
  }
}
