package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.PRIMARY;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.bs;
import static io.kiln.storage.txn.pessimistic.PessimisticFixture.lockReq;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import io.kiln.storage.txn.commands.CommitCommand;
import io.kiln.storage.txn.commands.PrewriteCommand;
import org.junit.jupiter.api.Test;

/**
 * A whole pessimistic transaction with the Percolator commands: lock, prewrite the locked keys
 * (flagged {@code is_pessimistic_lock}), commit; and what the pessimistic locks demand of them.
 */
class LockPrewriteCommitTest {

  private final PessimisticFixture f = new PessimisticFixture();

  private static Kvrpcpb.Mutation put(String key, String value) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(bs(key))
        .setValue(bs(value)).build();
  }

  private Kvrpcpb.PrewriteResponse prewrite(long startTs, long forUpdateTs,
      Kvrpcpb.Mutation... mutations) {
    Kvrpcpb.PrewriteRequest.Builder b = Kvrpcpb.PrewriteRequest.newBuilder()
        .setPrimaryLock(bs(PRIMARY)).setStartVersion(startTs).setForUpdateTs(forUpdateTs)
        .setLockTtl(PessimisticFixture.TTL);
    for (Kvrpcpb.Mutation m : mutations) {
      b.addMutations(m).addIsPessimisticLock(true);
    }
    return f.run(new PrewriteCommand(b.build()));
  }

  private Kvrpcpb.CommitResponse commit(long startTs, long commitTs, String... keys) {
    Kvrpcpb.CommitRequest.Builder b = Kvrpcpb.CommitRequest.newBuilder()
        .setStartVersion(startTs).setCommitVersion(commitTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return f.run(new CommitCommand(b.build()));
  }

  @Test
  void lockPrewriteCommitLeavesCommittedValuesAndNoLocks() {
    assertThat(f.lock(10, 12, PRIMARY, "k").getErrorsList()).isEmpty();

    assertThat(prewrite(10, 12, put(PRIMARY, "pv"), put("k", "kv")).getErrorsList()).isEmpty();
    assertThat(f.lockOf("k").type()).isEqualTo(LockType.PUT);
    assertThat(f.lockOf("k").forUpdateTs()).isEqualTo(12);

    assertThat(commit(10, 15, PRIMARY, "k").hasError()).isFalse();
    assertThat(f.count(Cf.LOCK)).isZero();
    Write w = f.writeAt("k", 15);
    assertThat(w.type()).isEqualTo(WriteType.PUT);
    assertThat(w.startTs()).isEqualTo(10);
    assertThat(w.shortValue()).isEqualTo(PessimisticFixture.b("kv"));
  }

  @Test
  void aLaterTransactionLockingBelowTheCommitConflictsAndAboveItSucceeds() {
    f.lock(10, 12, "k");
    prewrite(10, 12, put("k", "v"));
    commit(10, 15, "k");

    assertThat(f.lock(20, 14, "k").getErrors(0).getConflict().getConflictCommitTs()).isEqualTo(15);
    Kvrpcpb.PessimisticLockResponse ok = f.lock(lockReq(20, 21, "k").setReturnValues(true));
    assertThat(ok.getValues(0).toStringUtf8()).isEqualTo("v");
  }

  @Test
  void aPessimisticPrewriteWithoutTheLockFails() {
    Kvrpcpb.PrewriteResponse resp = prewrite(10, 12, put("k", "v"));

    assertThat(resp.getErrorsCount()).isEqualTo(1);
    assertThat(f.count(Cf.LOCK)).isZero();
  }

  @Test
  void aPessimisticLockThatWasRolledBackCannotBePrewritten() {
    f.lock(10, 12, "k");
    f.rollback(10, 12, "k");

    assertThat(prewrite(10, 12, put("k", "v")).getErrorsCount()).isEqualTo(1);
  }

  @Test
  void aStrayPessimisticLockCommitsAsALockRecord() {
    // a key locked, not prewritten (its pessimistic rollback was lost), and then committed: TiKV
    // commits the lock as a Lock record, so the key's value is unchanged
    f.putCommitted("k", "old", 2, 3);
    f.lock(10, 12, PRIMARY, "k");
    prewrite(10, 12, put(PRIMARY, "pv"));

    assertThat(commit(10, 15, PRIMARY, "k").hasError()).isFalse();

    assertThat(f.count(Cf.LOCK)).isZero();
    assertThat(f.writeAt("k", 15).type()).isEqualTo(WriteType.LOCK);
    Kvrpcpb.PessimisticLockResponse read = f.lock(lockReq(20, 20, "k").setReturnValues(true));
    assertThat(read.getValues(0).toStringUtf8()).isEqualTo("old");
  }
}
