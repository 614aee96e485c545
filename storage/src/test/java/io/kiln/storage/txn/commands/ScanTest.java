package io.kiln.storage.txn.commands;

import static io.kiln.storage.txn.commands.TxnRequests.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.TxnHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TinyKV 4C scan, TiKV's reverse / key_only / sample_step, KvBatchGet and KvScanLock. */
class ScanTest {

  private final TxnHarness h = new TxnHarness();

  private void commitAll(long start, long commit, String... kvs) {
    Kvrpcpb.PrewriteRequest.Builder b = prewrite(kvs[0], start);
    String[] keys = new String[kvs.length / 2];
    for (int i = 0; i < kvs.length; i += 2) {
      b.addMutations(kvs[i + 1] == null ? del(kvs[i]) : put(kvs[i], kvs[i + 1]));
      keys[i / 2] = kvs[i];
    }
    assertThat(h.run(new PrewriteCommand(b.build())).getErrorsList()).isEmpty();
    assertThat(h.run(commit(start, commit, keys)).hasError()).isFalse();
  }

  private static List<String> pairs(Kvrpcpb.ScanResponse r) {
    return r.getPairsList().stream()
        .map(p -> p.hasError() ? p.getKey().toStringUtf8() + ":locked"
            : p.getKey().toStringUtf8() + "=" + p.getValue().toStringUtf8())
        .toList();
  }

  @Test
  void forwardScanHonoursRangeLimitAndVersions() {
    commitAll(1, 2, "a", "1", "b", "1", "c", "1", "d", "1");
    commitAll(3, 4, "b", "2", "c", null);
    assertThat(pairs(h.read(new ScanCommand(scan("", "", 10, 5).build()))))
        .containsExactly("a=1", "b=2", "d=1");
    assertThat(pairs(h.read(new ScanCommand(scan("", "", 10, 3).build()))))
        .containsExactly("a=1", "b=1", "c=1", "d=1");
    assertThat(pairs(h.read(new ScanCommand(scan("b", "d", 10, 5).build())))).containsExactly("b=2");
    assertThat(pairs(h.read(new ScanCommand(scan("a", "", 2, 3).build())))).containsExactly("a=1", "b=1");
    assertThat(pairs(h.read(new ScanCommand(scan("", "", 10, 1).build())))).isEmpty();
  }

  @Test
  void reverseScanGoesDownFromStartKeyExclusive() {
    commitAll(1, 2, "a", "1", "b", "1", "c", "1", "d", "1");
    assertThat(pairs(h.read(new ScanCommand(scan("d", "b", 10, 5).setReverse(true).build()))))
        .containsExactly("c=1", "b=1");
    assertThat(pairs(h.read(new ScanCommand(scan("", "", 3, 5).setReverse(true).build()))))
        .containsExactly("d=1", "c=1", "b=1");
  }

  @Test
  void keyOnlyAndSampleStep() {
    commitAll(1, 2, "a", "1", "b", "1", "c", "1", "d", "1", "e", "1");
    assertThat(pairs(h.read(new ScanCommand(scan("", "", 10, 5).setKeyOnly(true).build()))))
        .containsExactly("a=", "b=", "c=", "d=", "e=");
    assertThat(pairs(h.read(new ScanCommand(scan("", "", 10, 5).setSampleStep(2).build()))))
        .containsExactly("a=1", "c=1", "e=1");
  }

  @Test
  void lockedKeysComeBackAsPairErrorsAndBypassableWithResolvedLocks() {
    commitAll(1, 2, "a", "1", "b", "1", "c", "1");
    h.run(prewriteCmd("b", 10, put("b", "2")));
    h.run(prewriteCmd("z", 30, put("z", "2")));
    Kvrpcpb.ScanResponse r = h.read(new ScanCommand(scan("", "", 10, 20).build()));
    assertThat(pairs(r)).containsExactly("a=1", "b:locked", "c=1");
    assertThat(r.getPairs(1).getError().getLocked().getLockVersion()).isEqualTo(10);
    Kvrpcpb.ScanResponse bypass = h.read(new ScanCommand(scan("", "", 10, 20)
        .setContext(CTX.toBuilder().addResolvedLocks(10)).build()));
    assertThat(pairs(bypass)).containsExactly("a=1", "b=1", "c=1");
    Kvrpcpb.ScanResponse rc = h.read(new ScanCommand(scan("", "", 10, 20)
        .setContext(CTX.toBuilder().setIsolationLevel(Kvrpcpb.IsolationLevel.RC)).build()));
    assertThat(pairs(rc)).containsExactly("a=1", "b=1", "c=1");
  }

  @Test
  void batchGetReturnsFoundAndLockedKeys() {
    commitAll(1, 2, "a", "1", "b", "1");
    h.run(prewriteCmd("b", 10, put("b", "2")));
    Kvrpcpb.BatchGetResponse r = h.read(batchGet(20, "a", "b", "missing"));
    assertThat(r.getPairsCount()).isEqualTo(2);
    assertThat(r.getPairs(0).getValue().toStringUtf8()).isEqualTo("1");
    assertThat(r.getPairs(1).getError().getLocked().getKey().toStringUtf8()).isEqualTo("b");
    Kvrpcpb.BatchGetResponse committed = h.read(new BatchGetCommand(Kvrpcpb.BatchGetRequest.newBuilder()
        .setContext(CTX.toBuilder().addCommittedLocks(10)).setVersion(20)
        .addKeys(bs("b")).build()));
    assertThat(committed.getPairs(0).getValue().toStringUtf8()).isEqualTo("2");
  }

  @Test
  void scanLockFindsLocksUpToMaxVersion() {
    h.run(prewriteCmd("a", 10, put("a", "1"), put("b", "1")));
    h.run(prewriteCmd("c", 20, put("c", "1")));
    Kvrpcpb.ScanLockResponse r = h.read(new ScanLockCommand(Kvrpcpb.ScanLockRequest.newBuilder()
        .setContext(CTX).setMaxVersion(15).build()));
    assertThat(r.getLocksList()).extracting(l -> l.getKey().toStringUtf8()).containsExactly("a", "b");
    assertThat(r.getLocks(0).getPrimaryLock().toStringUtf8()).isEqualTo("a");
    Kvrpcpb.ScanLockResponse limited = h.read(new ScanLockCommand(Kvrpcpb.ScanLockRequest.newBuilder()
        .setContext(CTX).setMaxVersion(30).setStartKey(bs("b")).setLimit(1).build()));
    assertThat(limited.getLocksList()).extracting(l -> l.getKey().toStringUtf8()).containsExactly("b");
    assertThat(h.cm.maxTs()).isEqualTo(30);
  }
}
