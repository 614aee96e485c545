package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.b;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.lockReq;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.txn.commands.AcquirePessimisticLockCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A transaction locking a key it already holds: a retried request or a later statement. */
class RelockTest {

  private final PessimisticFixture f = new PessimisticFixture();

  @Test
  void aLargerForUpdateTsRewritesTheLock() {
    f.lock(10, 10, "k");

    Kvrpcpb.PessimisticLockResponse resp = f.lock(lockReq(10, 20, "k").setLockTtl(5000));

    assertThat(resp.getErrorsList()).isEmpty();
    Lock lock = f.lockOf("k");
    assertThat(lock.forUpdateTs()).isEqualTo(20);
    assertThat(lock.ttl()).isEqualTo(5000);
    assertThat(lock.startTs()).isEqualTo(10);
    assertThat(f.count(Cf.LOCK)).isEqualTo(1);
  }

  @Test
  void aLargerForUpdateTsIgnoresCommitsAboveTheOldOne() {
    // the lock protects the key: nothing can commit under it, so no conflict check is redone
    f.lock(10, 10, "k");

    assertThat(f.lock(10, 20, "k").getErrorsList()).isEmpty();
  }

  @Test
  void anEqualOrSmallerForUpdateTsKeepsTheLockAndWritesNothing() {
    f.lock(10, 20, "k");

    for (long forUpdateTs : new long[] {20, 15}) {
      var result =
          f.dryRun(new AcquirePessimisticLockCommand(lockReq(10, forUpdateTs, "k").build()));
      assertThat(result.response().getErrorsList()).isEmpty();
      assertThat(result.modifies()).as("for_update_ts %d", forUpdateTs).isEmpty();
    }
    assertThat(f.lockOf("k").forUpdateTs()).isEqualTo(20);
  }

  @Test
  void aRelockReadsTheValueAtTheNewForUpdateTs() {
    f.putCommitted("k", "old", 2, 3);
    f.lock(10, 10, "k");

    Kvrpcpb.PessimisticLockResponse resp = f.lock(lockReq(10, 20, "k").setReturnValues(true));

    assertThat(resp.getValues(0).toStringUtf8()).isEqualTo("old");
    assertThat(resp.getNotFounds(0)).isFalse();
  }

  @Test
  void aPrewrittenKeyOfTheSameTransactionIsALockTypeMismatch() {
    f.putLock("k", new Lock(LockType.PUT, b("pk"), 10, 3000, b("v"), 10, 1, 0, false, List.of(),
        List.of()));

    Kvrpcpb.PessimisticLockResponse resp = f.lock(10, 20, "k");

    assertThat(resp.getErrors(0).getAbort()).contains("lock type not match");
    assertThat(f.lockOf("k").type()).isEqualTo(LockType.PUT);
  }
}
