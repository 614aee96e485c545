package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.PRIMARY;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.TTL;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.b;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.enc;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.lockReq;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.txn.commands.AcquirePessimisticLockCommand;
import org.junit.jupiter.api.Test;

/** Taking pessimistic locks on free keys: what lands in CF lock, and nothing elsewhere. */
class AcquireLockTest {

  private final PessimisticFixture f = new PessimisticFixture();

  @Test
  void aFreeKeyGetsAPessimisticLockWithoutValue() {
    Kvrpcpb.PessimisticLockResponse resp = f.lock(10, 12, "k");

    assertThat(resp.getErrorsList()).isEmpty();
    assertThat(resp.getValuesList()).isEmpty();
    assertThat(resp.getNotFoundsList()).isEmpty();
    Lock lock = f.lockOf("k");
    assertThat(lock.type()).isEqualTo(LockType.PESSIMISTIC);
    assertThat(lock.primary()).isEqualTo(b(PRIMARY));
    assertThat(lock.startTs()).isEqualTo(10);
    assertThat(lock.forUpdateTs()).isEqualTo(12);
    assertThat(lock.ttl()).isEqualTo(TTL);
    assertThat(lock.shortValue()).isNull();
    assertThat(lock.minCommitTs()).isZero();
    assertThat(f.count(Cf.LOCK)).isEqualTo(1);
    assertThat(f.count(Cf.WRITE)).isZero();
    assertThat(f.count(Cf.DEFAULT)).isZero();
  }

  @Test
  void everyKeyOfTheRequestIsLocked() {
    assertThat(f.lock(10, 10, "pk", "a", "b").getErrorsList()).isEmpty();

    assertThat(f.count(Cf.LOCK)).isEqualTo(3);
    for (String k : new String[] {"pk", "a", "b"}) {
      assertThat(f.lockOf(k).isPessimisticLock()).as(k).isTrue();
    }
  }

  @Test
  void aKeyWithOlderCommitsIsLockedAndItsDataIsUntouched() {
    f.putCommitted("k", "v1", 2, 3);
    f.putCommitted("k", "v2", 5, 8);

    assertThat(f.lock(10, 10, "k").getErrorsList()).isEmpty();

    assertThat(f.lockOf("k").forUpdateTs()).isEqualTo(10);
    assertThat(f.count(Cf.WRITE)).isEqualTo(2);
  }

  @Test
  void aCommitBetweenStartTsAndForUpdateTsIsNoConflict() {
    // the statement read at for_update_ts 20 and saw the commit at 15
    f.putCommitted("k", "v", 12, 15);

    assertThat(f.lock(10, 20, "k").getErrorsList()).isEmpty();
    assertThat(f.lockOf("k").forUpdateTs()).isEqualTo(20);
  }

  @Test
  void minCommitTsOfTheRequestIsKeptInTheLock() {
    f.lock(lockReq(10, 10, "k").setMinCommitTs(11));

    assertThat(f.lockOf("k").minCommitTs()).isEqualTo(11);
  }

  @Test
  void aLockingReadRaisesMaxTsToForUpdateTs() {
    f.lock(10, 30, "plain");
    assertThat(f.cm.maxTs()).as("a lock that reads nothing leaves max_ts").isZero();

    f.lock(lockReq(10, 30, "read").setReturnValues(true));
    assertThat(f.cm.maxTs()).isEqualTo(30);

    f.lock(lockReq(10, 40, "exists").setCheckExistence(true));
    assertThat(f.cm.maxTs()).isEqualTo(40);

    f.lock(PessimisticFixture.lockReq(10, 50).addMutations(PessimisticFixture.notExist("insert")));
    assertThat(f.cm.maxTs()).isEqualTo(50);
  }

  @Test
  void latchesAreTheEncodedKeysAndWriteBytesTheirSize() {
    AcquirePessimisticLockCommand cmd =
        new AcquirePessimisticLockCommand(lockReq(10, 10, "a", "bb").build());

    assertThat(cmd.latchKeys()).containsExactly(enc("a"), enc("bb"));
    assertThat(cmd.writeBytes()).isEqualTo(enc("a").length + enc("bb").length);
    assertThat(cmd.tag()).isEqualTo("acquire_pessimistic_lock");
  }

  @Test
  void aMutationThatIsNotAPessimisticLockIsRejected() {
    Kvrpcpb.PessimisticLockRequest.Builder req = lockReq(10, 10).addMutations(
        Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(PessimisticFixture.bs("k")));

    Kvrpcpb.PessimisticLockResponse resp = f.lock(req);

    assertThat(resp.getErrors(0).getAbort()).contains("mismatch Op");
    assertThat(f.count(Cf.LOCK)).isZero();
  }
}
