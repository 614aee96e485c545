package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.lockReq;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.notExist;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import org.junit.jupiter.api.Test;

/** should_not_exist (a NotExist assertion, TiDB's INSERT): a visible value fails the lock. */
class AlreadyExistTest {

  private final PessimisticFixture f = new PessimisticFixture();

  private Kvrpcpb.PessimisticLockResponse insert(long startTs, long forUpdateTs, String key) {
    return f.lock(lockReq(startTs, forUpdateTs).addMutations(notExist(key)));
  }

  @Test
  void aCommittedValueIsAlreadyExist() {
    f.putCommitted("k", "v", 2, 3);

    Kvrpcpb.PessimisticLockResponse resp = insert(10, 10, "k");

    assertThat(resp.getErrors(0).getAlreadyExist().getKey().toStringUtf8()).isEqualTo("k");
    assertThat(f.count(Cf.LOCK)).isZero();
  }

  @Test
  void aValueUnderALockOrRollbackRecordStillExists() {
    f.putCommitted("a", "v", 2, 3);
    f.putRecord("a", WriteType.LOCK, 4, 5);
    f.putCommitted("b", "v", 2, 3);
    f.putRecord("b", WriteType.ROLLBACK, 6, 6);

    assertThat(insert(10, 10, "a").getErrors(0).hasAlreadyExist()).isTrue();
    assertThat(insert(10, 10, "b").getErrors(0).hasAlreadyExist()).isTrue();
  }

  @Test
  void aDeletedOrAbsentKeyCanBeLocked() {
    f.putCommitted("deleted", "v", 2, 3);
    f.putRecord("deleted", WriteType.DELETE, 4, 5);
    f.putRecord("onlyLockRecord", WriteType.LOCK, 4, 5);

    for (String k : new String[] {"deleted", "onlyLockRecord", "absent"}) {
      assertThat(insert(10, 10, k).getErrorsList()).as(k).isEmpty();
      assertThat(f.lockOf(k).isPessimisticLock()).as(k).isTrue();
    }
  }

  @Test
  void aVersionFencedByGcIsNoValue() {
    // GC left this Put behind a newer delete it removed: the fence says it is not the newest
    f.putWrite("k", 3, new Write(WriteType.PUT, 2, PessimisticFixture.b("v"), false, 7L));

    assertThat(insert(10, 10, "k").getErrorsList()).isEmpty();
  }

  @Test
  void withoutTheAssertionAnExistingKeyIsLocked() {
    f.putCommitted("k", "v", 2, 3);

    assertThat(f.lock(10, 10, "k").getErrorsList()).isEmpty();
  }

  @Test
  void aKeyAlreadyLockedByTheTransactionIsCheckedAtForUpdateTs() {
    f.lock(10, 10, "k");
    assertThat(insert(10, 10, "k").getErrorsList()).isEmpty();

    f.putCommitted("v", "x", 2, 3);
    f.lock(10, 10, "v");
    assertThat(insert(10, 20, "v").getErrors(0).hasAlreadyExist()).isTrue();
    assertThat(f.lockOf("v").forUpdateTs()).as("the failed relock wrote nothing").isEqualTo(10);
  }
}
