package io.kiln.storage.txn.commands;

import static io.kiln.storage.TxnHarness.b;
import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.WriteType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KvCheckSecondaryLocks: deciding an async-commit transaction from its secondaries. */
class CheckSecondaryLocksTest {

  private final TxnHarness h = new TxnHarness();

  private Kvrpcpb.CheckSecondaryLocksResponse check(long startTs, String... keys) {
    Kvrpcpb.CheckSecondaryLocksRequest.Builder b = Kvrpcpb.CheckSecondaryLocksRequest.newBuilder()
        .setContext(CTX).setStartVersion(startTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return h.run(new CheckSecondaryLocksCommand(b.build()));
  }

  private void asyncPrewrite(long startTs, String... keys) {
    Kvrpcpb.PrewriteRequest.Builder b = prewrite(keys[0], startTs).setUseAsyncCommit(true);
    for (String k : keys) {
      b.addMutations(put(k, "v"));
      if (!k.equals(keys[0])) {
        b.addSecondaries(bs(k));
      }
    }
    assertThat(h.run(new PrewriteCommand(b.build())).getErrorsList()).isEmpty();
  }

  @Test
  void allLockedAnswersTheLocks() {
    asyncPrewrite(10, "pk", "s1", "s2");
    Kvrpcpb.CheckSecondaryLocksResponse r = check(10, "s1", "s2");
    assertThat(r.getLocksList()).extracting(l -> l.getKey().toStringUtf8()).containsExactly("s1", "s2");
    assertThat(r.getLocks(0).getMinCommitTs()).isEqualTo(11);
    assertThat(r.getCommitTs()).isZero();
    assertThat(h.cm.maxTs()).isEqualTo(10);
  }

  @Test
  void aCommittedKeyAnswersItsCommitTs() {
    asyncPrewrite(10, "pk", "s1", "s2");
    h.run(commit(10, 30, "s2"));
    Kvrpcpb.CheckSecondaryLocksResponse r = check(10, "s1", "s2");
    assertThat(r.getCommitTs()).isEqualTo(30);
    assertThat(r.getLocksList()).isEmpty();
  }

  @Test
  void aMissingKeyIsRolledBackWithAProtectedRecord() {
    asyncPrewrite(10, "pk", "s1");
    Kvrpcpb.CheckSecondaryLocksResponse r = check(10, "s1", "s2");
    assertThat(r.getLocksList()).isEmpty();
    assertThat(r.getCommitTs()).isZero();
    assertThat(h.writeAt("s2", 10).isProtectedRollback()).isTrue();
    // the late prewrite of s2 now fails, so the transaction can never commit
    assertThat(h.run(prewriteCmd("pk", 10, put("s2", "v"))).getErrors(0).hasConflict()).isTrue();
    // s1 is untouched (the resolver rolls it back with ResolveLock)
    assertThat(h.lockOf("s1")).isNotNull();
  }

  @Test
  void aPessimisticLockIsRemovedAndRolledBack() {
    h.putLock("s1", new Lock(LockType.PESSIMISTIC, b("pk"), 10, 100, null, 11, 0, 0, false, List.of(), List.of()));
    Kvrpcpb.CheckSecondaryLocksResponse r = check(10, "s1");
    assertThat(r.getLocksList()).isEmpty();
    assertThat(r.getCommitTs()).isZero();
    assertThat(h.lockOf("s1")).isNull();
    assertThat(h.writeAt("s1", 10).type()).isEqualTo(WriteType.ROLLBACK);
  }

  @Test
  void aRolledBackKeyAnswersRolledBack() {
    asyncPrewrite(10, "pk", "s1");
    h.run(rollback(10, "s1"));
    Kvrpcpb.CheckSecondaryLocksResponse r = check(10, "s1");
    assertThat(r.getLocksList()).isEmpty();
    assertThat(r.getCommitTs()).isZero();
  }

  @Test
  void aRollbackAtAnotherTxnsLockIsNotedInThatLock() {
    h.run(prewriteCmd("s1", 5, put("s1", "other")));
    check(10, "s1");
    assertThat(h.lockOf("s1").rollbackTs()).containsExactly(10L);
    assertThat(h.writeAt("s1", 10).isProtectedRollback()).isTrue();
    // the other txn commits exactly at 10: its record replaces the rollback, flagged
    h.run(commit(5, 10, "s1"));
    assertThat(h.writeAt("s1", 10).type()).isEqualTo(WriteType.PUT);
    assertThat(h.writeAt("s1", 10).hasOverlappedRollback()).isTrue();
  }
}
