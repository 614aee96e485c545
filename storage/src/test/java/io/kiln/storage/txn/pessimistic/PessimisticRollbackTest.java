package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.b;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.enc;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.pessimisticLock;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.txn.commands.PessimisticRollbackCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KvPessimisticRollback removes exactly the pessimistic locks of (start_ts, for_update_ts <= the
 * request's) and writes no rollback record.
 */
class PessimisticRollbackTest {

  private final PessimisticFixture f = new PessimisticFixture();

  @Test
  void theTransactionsPessimisticLocksAreRemovedWithoutARecord() {
    f.putCommitted("a", "v", 2, 3);
    f.lock(10, 10, "a", "b");

    Kvrpcpb.PessimisticRollbackResponse resp = f.rollback(10, 10, "a", "b");

    assertThat(resp.getErrorsList()).isEmpty();
    assertThat(f.count(Cf.LOCK)).isZero();
    assertThat(f.count(Cf.WRITE)).as("only the old commit").isEqualTo(1);
    assertThat(f.count(Cf.DEFAULT)).isZero();
  }

  @Test
  void onlyMatchingLocksAreRemoved() {
    f.putLock("older", pessimisticLock(10, 8));
    f.putLock("same", pessimisticLock(10, 10));
    f.putLock("later", pessimisticLock(10, 11));
    f.putLock("otherTxn", pessimisticLock(9, 9));
    f.putLock("prewritten", new Lock(LockType.PUT, b("pk"), 10, 3000, b("v"), 10, 1, 0, false,
        List.of(), List.of()));

    f.rollback(10, 10, "older", "same", "later", "otherTxn", "prewritten", "noLock");

    assertThat(f.lockOf("older")).isNull();
    assertThat(f.lockOf("same")).isNull();
    assertThat(f.lockOf("later").forUpdateTs()).isEqualTo(11);
    assertThat(f.lockOf("otherTxn").startTs()).isEqualTo(9);
    assertThat(f.lockOf("prewritten").type()).isEqualTo(LockType.PUT);
    assertThat(f.count(Cf.LOCK)).isEqualTo(3);
    assertThat(f.count(Cf.WRITE)).isZero();
  }

  @Test
  void aRolledBackKeyCanBeLockedAgain() {
    f.lock(10, 10, "k");
    f.rollback(10, 10, "k");

    assertThat(f.lock(10, 11, "k").getErrorsList()).isEmpty();
    assertThat(f.lockOf("k").forUpdateTs()).isEqualTo(11);
  }

  @Test
  void latchesAreTheEncodedKeys() {
    PessimisticRollbackCommand cmd = new PessimisticRollbackCommand(
        Kvrpcpb.PessimisticRollbackRequest.newBuilder().setStartVersion(10).setForUpdateTs(10)
            .addKeys(PessimisticFixture.bs("a")).build());

    assertThat(cmd.latchKeys()).containsExactly(enc("a"));
    assertThat(cmd.tag()).isEqualTo("pessimistic_rollback");
  }

  @Test
  void withoutKeysEveryMatchingLockOfTheRegionIsRemovedInBatches() {
    int n = 600; // more than two scan batches of 256
    for (int i = 0; i < n; i++) {
      f.putLock(String.format("k%04d", i), pessimisticLock(10, i % 2 == 0 ? 10 : 12));
    }
    f.putLock("zOther", pessimisticLock(11, 10));

    PessimisticRollbackCommand cmd = new PessimisticRollbackCommand(
        Kvrpcpb.PessimisticRollbackRequest.newBuilder().setStartVersion(10).setForUpdateTs(10)
            .build());
    assertThat(cmd.latchKeys()).as("the scan takes no latch").isEmpty();
    Kvrpcpb.PessimisticRollbackResponse resp = f.run(cmd);

    assertThat(resp.getErrorsList()).isEmpty();
    assertThat(f.count(Cf.LOCK)).isEqualTo(n / 2 + 1);
    for (int i = 0; i < n; i++) {
      Lock lock = f.lockOf(String.format("k%04d", i));
      assertThat(lock == null).as("k%04d", i).isEqualTo(i % 2 == 0);
    }
    // scan, write 256, scan, write 44 (the scan of the last batch found fewer than 256)
    assertThat(f.steps).isEqualTo(4);
  }

  @Test
  void withoutKeysAndWithoutLocksTheRequestIsOneEmptyStep() {
    Kvrpcpb.PessimisticRollbackResponse resp = f.run(new PessimisticRollbackCommand(
        Kvrpcpb.PessimisticRollbackRequest.newBuilder().setStartVersion(10).setForUpdateTs(10)
            .build()));

    assertThat(resp.getErrorsList()).isEmpty();
    assertThat(f.steps).isEqualTo(1);
  }
}
