package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.b;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.lockReq;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Another transaction's lock: KeyIsLocked at once (Kiln does not wait for locks). */
class LockedByOtherTxnTest {

  private final PessimisticFixture f = new PessimisticFixture();

  @Test
  void anotherTransactionsPessimisticLockIsReportedAsLocked() {
    f.lock(lockReq(5, 7, "k").setPrimaryLock(PessimisticFixture.bs("other")));

    Kvrpcpb.PessimisticLockResponse resp = f.lock(10, 20, "k");

    assertThat(resp.getErrorsCount()).isEqualTo(1);
    Kvrpcpb.LockInfo info = resp.getErrors(0).getLocked();
    assertThat(info.getLockVersion()).isEqualTo(5);
    assertThat(info.getLockForUpdateTs()).isEqualTo(7);
    assertThat(info.getPrimaryLock().toStringUtf8()).isEqualTo("other");
    assertThat(info.getKey().toStringUtf8()).isEqualTo("k");
    assertThat(info.getLockType()).isEqualTo(Kvrpcpb.Op.PessimisticLock);
    assertThat(info.getLockTtl()).isEqualTo(PessimisticFixture.TTL);
    assertThat(f.lockOf("k").startTs()).isEqualTo(5);
  }

  @Test
  void anotherTransactionsPrewriteLockIsReportedAsLocked() {
    f.putLock("k", new Lock(LockType.PUT, b("p2"), 5, 100, b("v"), 0, 1, 0, false, List.of(),
        List.of()));

    Kvrpcpb.LockInfo info = f.lock(10, 20, "k").getErrors(0).getLocked();

    assertThat(info.getLockType()).isEqualTo(Kvrpcpb.Op.Put);
    assertThat(info.getLockVersion()).isEqualTo(5);
  }

  @Test
  void aWaitTimeoutDoesNotMakeTheRequestWait() {
    f.lock(5, 5, "k");

    // the fixture runs on this thread: a request that waited would never return
    Kvrpcpb.PessimisticLockResponse resp = f.lock(lockReq(10, 20, "k").setWaitTimeout(60_000));

    assertThat(resp.getErrors(0).hasLocked()).isTrue();
  }

  @Test
  void theKeysBeforeTheLockedOneAreNotLockedEither() {
    f.lock(5, 5, "c");

    Kvrpcpb.PessimisticLockResponse resp = f.lock(10, 20, "a", "b", "c");

    assertThat(resp.getErrors(0).getLocked().getKey().toStringUtf8()).isEqualTo("c");
    assertThat(f.lockOf("a")).isNull();
    assertThat(f.lockOf("b")).isNull();
    assertThat(f.count(Cf.LOCK)).isEqualTo(1);
  }
}
