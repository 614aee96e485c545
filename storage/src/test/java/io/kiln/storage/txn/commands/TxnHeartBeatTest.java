package io.kiln.storage.txn.commands;

import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import org.junit.jupiter.api.Test;

/** KvTxnHeartBeat: raising a primary lock's TTL. */
class TxnHeartBeatTest {

  private final TxnHarness h = new TxnHarness();

  private Kvrpcpb.TxnHeartBeatResponse beat(String primary, long startTs, long ttl) {
    return h.run(new TxnHeartBeatCommand(Kvrpcpb.TxnHeartBeatRequest.newBuilder().setContext(CTX)
        .setPrimaryLock(bs(primary)).setStartVersion(startTs).setAdviseLockTtl(ttl).build()));
  }

  @Test
  void raisesButNeverLowersTheTtl() {
    h.run(new PrewriteCommand(prewrite("pk", 10, put("pk", "v")).setLockTtl(100).build()));
    assertThat(beat("pk", 10, 500).getLockTtl()).isEqualTo(500);
    assertThat(h.lockOf("pk").ttl()).isEqualTo(500);
    assertThat(beat("pk", 10, 200).getLockTtl()).isEqualTo(500);
    assertThat(h.lockOf("pk").ttl()).isEqualTo(500);
  }

  @Test
  void aMissingOrForeignLockIsTxnNotFound() {
    Kvrpcpb.TxnHeartBeatResponse none = beat("pk", 10, 500);
    assertThat(none.getError().getTxnNotFound().getStartTs()).isEqualTo(10);
    assertThat(none.getError().getTxnNotFound().getPrimaryKey().toStringUtf8()).isEqualTo("pk");
    h.run(prewriteCmd("pk", 10, put("pk", "v")));
    assertThat(beat("pk", 11, 500).getError().hasTxnNotFound()).isTrue();
    h.run(commit(10, 20, "pk"));
    assertThat(beat("pk", 10, 500).getError().hasTxnNotFound()).isTrue();
  }
}
