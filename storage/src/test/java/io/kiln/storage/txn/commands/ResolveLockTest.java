package io.kiln.storage.txn.commands;

import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import io.kiln.storage.mvcc.WriteType;
import org.junit.jupiter.api.Test;

/** TinyKV 4C resolve lock: commit or roll back a transaction's locks across the region. */
class ResolveLockTest {

  private final TxnHarness h = new TxnHarness();

  @Test
  void commitsEveryLockOfTheTxnAndNoOther() {
    h.run(prewriteCmd("a", 10, put("a", "1"), put("b", "1"), del("c")));
    h.run(prewriteCmd("x", 11, put("x", "1")));
    Kvrpcpb.ResolveLockResponse r = h.run(ResolveLockCommands.of(resolve(10, 20).build()));
    assertThat(r.hasError()).isFalse();
    assertThat(h.lockOf("a")).isNull();
    assertThat(h.lockOf("c")).isNull();
    assertThat(h.writeAt("b", 20).type()).isEqualTo(WriteType.PUT);
    assertThat(h.writeAt("c", 20).type()).isEqualTo(WriteType.DELETE);
    assertThat(h.lockOf("x").startTs()).isEqualTo(11);
  }

  @Test
  void rollsBackWithCommitTsZero() {
    h.run(prewriteCmd("a", 10, put("a", "1"), put("b", "1")));
    assertThat(h.run(ResolveLockCommands.of(resolve(10, 0).build())).hasError()).isFalse();
    assertThat(h.count(Cf.LOCK)).isZero();
    assertThat(h.writeAt("a", 10).type()).isEqualTo(WriteType.ROLLBACK);
    assertThat(h.writeAt("b", 10).type()).isEqualTo(WriteType.ROLLBACK);
  }

  @Test
  void resolvesSeveralTxnsFromTxnInfos() {
    h.run(prewriteCmd("a", 10, put("a", "1")));
    h.run(prewriteCmd("b", 11, put("b", "1")));
    h.run(prewriteCmd("c", 12, put("c", "1")));
    h.run(ResolveLockCommands.of(Kvrpcpb.ResolveLockRequest.newBuilder().setContext(CTX)
        .addTxnInfos(Kvrpcpb.TxnInfo.newBuilder().setTxn(10).setStatus(15))
        .addTxnInfos(Kvrpcpb.TxnInfo.newBuilder().setTxn(11).setStatus(0)).build()));
    assertThat(h.writeAt("a", 15).type()).isEqualTo(WriteType.PUT);
    assertThat(h.writeAt("b", 11).type()).isEqualTo(WriteType.ROLLBACK);
    assertThat(h.lockOf("c").startTs()).isEqualTo(12);
  }

  @Test
  void worksInBatchesOfAtMost256Keys() {
    int n = 600;
    Kvrpcpb.PrewriteRequest.Builder pw = prewrite("k0000", 10);
    for (int i = 0; i < n; i++) {
      pw.addMutations(put(String.format("k%04d", i), "v"));
    }
    h.run(new PrewriteCommand(pw.build()));
    ResolveLockReadPhase first = (ResolveLockReadPhase) ResolveLockCommands.of(resolve(10, 20).build());
    var read = h.dryRun(first);
    ResolveLockCommand write = (ResolveLockCommand) read.next();
    assertThat(write.latchKeys()).hasSize(ResolveLockCommands.BATCH_SIZE);
    assertThat(first.latchKeys()).isEmpty();
    Kvrpcpb.ResolveLockResponse r = h.run(first);
    assertThat(r.hasError()).isFalse();
    // read, write(256), read, write(256), read, write(88)
    assertThat(h.lastSteps).isEqualTo(6);
    assertThat(h.count(Cf.LOCK)).isZero();
    assertThat(h.count(Cf.WRITE)).isEqualTo(n);
  }

  @Test
  void liteFormResolvesOnlyTheGivenKeys() {
    h.run(prewriteCmd("a", 10, put("a", "1"), put("b", "1")));
    h.run(ResolveLockCommands.of(resolve(10, 20).addKeys(bs("b")).build()));
    assertThat(h.writeAt("b", 20).type()).isEqualTo(WriteType.PUT);
    assertThat(h.lockOf("a")).isNotNull();
  }

  @Test
  void aCommitTsBelowTheMinCommitTsFails() {
    h.run(new PrewriteCommand(prewrite("a", 10, put("a", "1")).setMinCommitTs(30).build()));
    Kvrpcpb.ResolveLockResponse r = h.run(ResolveLockCommands.of(resolve(10, 20).build()));
    assertThat(r.getError().getCommitTsExpired().getMinCommitTs()).isEqualTo(30);
    assertThat(h.lockOf("a")).isNotNull();
  }
}
