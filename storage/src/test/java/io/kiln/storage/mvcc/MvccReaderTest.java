package io.kiln.storage.mvcc;

import static io.kiln.storage.TxnHarness.b;
import static io.kiln.storage.TxnHarness.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.TxnHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MvccReader's seeks and commit records (TinyKV 4A), the point getter's lock checks. */
class MvccReaderTest {

  private final TxnHarness h = new TxnHarness();
  private RegionSnapshot snap;
  private MvccReader reader;

  private MvccReader reader() {
    snap = h.snapshot();
    reader = new MvccReader(snap);
    return reader;
  }

  @AfterEach
  void close() {
    if (reader != null) {
      reader.close();
      snap.close();
    }
  }

  @Test
  void seekWriteFindsTheNewestRecordAtOrBelowTs() {
    h.putCommitted("k", "v10", 5, 10);
    h.putCommitted("k", "v20", 15, 20);
    h.putCommitted("k2", "other", 1, 2);
    MvccReader r = reader();
    assertThat(r.seekWrite(enc("k"), 25).commitTs()).isEqualTo(20);
    assertThat(r.seekWrite(enc("k"), 20).commitTs()).isEqualTo(20);
    assertThat(r.seekWrite(enc("k"), 19).commitTs()).isEqualTo(10);
    assertThat(r.seekWrite(enc("k"), 9)).isNull();
    assertThat(r.seekWrite(enc("j"), 100)).isNull();
  }

  @Test
  void getWriteSkipsRollbackAndLockRecordsAndStopsAtDelete() {
    h.putCommitted("k", "v1", 1, 2);
    h.putWrite("k", 4, Write.rollback(4, false));
    h.putWrite("k", 6, new Write(WriteType.LOCK, 5, null));
    h.putWrite("k", 8, new Write(WriteType.DELETE, 7, null));
    h.putValue("k", 9, b("long value in default"));
    h.putWrite("k", 10, new Write(WriteType.PUT, 9, null));
    MvccReader r = reader();
    assertThat(r.get(enc("k"), 1)).isNull();
    assertThat(r.get(enc("k"), 2)).isEqualTo(b("v1"));
    assertThat(r.get(enc("k"), 7)).isEqualTo(b("v1"));
    assertThat(r.get(enc("k"), 8)).isNull();
    assertThat(r.get(enc("k"), 9)).isNull();
    assertThat(r.get(enc("k"), 10)).isEqualTo(b("long value in default"));
    assertThat(r.get(enc("k"), ReadOptions.MAX_TS)).isEqualTo(b("long value in default"));
  }

  @Test
  void aMissingDefaultValueIsReported() {
    h.putWrite("k", 10, new Write(WriteType.PUT, 9, null));
    assertThatThrownBy(() -> reader().get(enc("k"), 10)).isInstanceOf(MvccError.DefaultNotFound.class);
  }

  @Test
  void gcFenceHidesAVersionThatWasNotTheLatest() {
    h.putWrite("k", 10, new Write(WriteType.PUT, 9, b("v"), false, 15L));
    MvccReader r = reader();
    assertThat(r.get(enc("k"), 12)).isEqualTo(b("v"));
    assertThat(r.get(enc("k"), 15)).isNull();
  }

  @Test
  void txnCommitRecordCases() {
    h.putCommitted("k", "a", 5, 10);
    h.putWrite("k", 12, Write.rollback(12, true));
    h.putCommitted("k", "b", 14, 20); // commit_ts 20 = start_ts of a rolled-back txn below
    h.putWrite("k", 30, new Write(WriteType.PUT, 25, b("c"), true, null)); // overlaps txn 30
    MvccReader r = reader();
    assertThat(r.getTxnCommitRecord(enc("k"), 5)).usingRecursiveComparison()
        .isEqualTo(new TxnCommitRecord.SingleRecord(10, new Write(WriteType.PUT, 5, b("a"))));
    assertThat(r.getTxnCommitRecord(enc("k"), 5).committedTs()).isEqualTo(10);
    assertThat(r.getTxnCommitRecord(enc("k"), 12).isRolledBack()).isTrue();
    assertThat(r.getTxnCommitRecord(enc("k"), 30)).isEqualTo(new TxnCommitRecord.OverlappedRollback(30));
    TxnCommitRecord none20 = r.getTxnCommitRecord(enc("k"), 20);
    assertThat(none20).isInstanceOf(TxnCommitRecord.None.class);
    assertThat(((TxnCommitRecord.None) none20).overlappedWrite().startTs()).isEqualTo(14);
    TxnCommitRecord none7 = r.getTxnCommitRecord(enc("k"), 7);
    assertThat(((TxnCommitRecord.None) none7).overlappedWrite()).isNull();
  }

  @Test
  void scanLocksFiltersAndLimits() {
    for (int i = 0; i < 5; i++) {
      h.putLock("k" + i, new Lock(LockType.PUT, b("k0"), 10 + i, 100));
    }
    MvccReader r = reader();
    MvccReader.ScannedLocks all = r.scanLocks(null, null, l -> true, 0);
    assertThat(all.locks()).hasSize(5);
    assertThat(all.hasMore()).isFalse();
    MvccReader.ScannedLocks two = r.scanLocks(enc("k1"), null, l -> l.startTs() <= 13, 2);
    assertThat(two.locks()).extracting(kl -> KeyCodec.decode(kl.key())).containsExactly(b("k1"), b("k2"));
    assertThat(two.hasMore()).isTrue();
    MvccReader.ScannedLocks upTo = r.scanLocks(enc("k1"), enc("k3"), l -> true, 2);
    assertThat(upTo.hasMore()).isFalse();
  }

  @Test
  void pointGetterLockChecks() {
    h.putCommitted("k", "old", 1, 2);
    h.putLock("k", new Lock(LockType.PUT, b("k"), 10, 100, b("new"), 0, 0, 0, false, List.of(), List.of()));
    MvccReader r = reader();
    // older read: the lock is younger, no conflict
    assertThat(new PointGetter(r, ReadOptions.snapshotIsolation(9)).get(enc("k"))).isEqualTo(b("old"));
    // SI read past the lock: blocked, with its LockInfo
    assertThatThrownBy(() -> new PointGetter(r, ReadOptions.snapshotIsolation(11)).get(enc("k")))
        .isInstanceOfSatisfying(MvccError.KeyIsLocked.class, e -> {
          assertThat(e.lockInfo().getLockVersion()).isEqualTo(10);
          assertThat(e.lockInfo().getKey().toStringUtf8()).isEqualTo("k");
        });
    // RC ignores locks; resolved_locks bypass it; committed_locks read the locked value
    assertThat(new PointGetter(r, new ReadOptions(11, Kvrpcpb.IsolationLevel.RC, Set.of(), Set.of()))
        .get(enc("k"))).isEqualTo(b("old"));
    assertThat(new PointGetter(r, new ReadOptions(11, Kvrpcpb.IsolationLevel.SI, Set.of(10L), Set.of()))
        .get(enc("k"))).isEqualTo(b("old"));
    assertThat(new PointGetter(r, new ReadOptions(11, Kvrpcpb.IsolationLevel.SI, Set.of(), Set.of(10L)))
        .get(enc("k"))).isEqualTo(b("new"));
    // reading the latest of a synchronous transaction's primary ignores its lock
    assertThat(new PointGetter(r, ReadOptions.snapshotIsolation(-1)).get(enc("k"))).isEqualTo(b("old"));
  }

  @Test
  void lockTypeLockPessimisticAndPushedMinCommitTsDoNotBlock() {
    h.putCommitted("a", "va", 1, 2);
    h.putCommitted("b", "vb", 1, 2);
    h.putCommitted("c", "vc", 1, 2);
    h.putLock("a", new Lock(LockType.LOCK, b("a"), 5, 100));
    h.putLock("b", new Lock(LockType.PESSIMISTIC, b("a"), 5, 100, null, 6, 0, 0, false, List.of(), List.of()));
    h.putLock("c", new Lock(LockType.DELETE, b("a"), 5, 100, null, 0, 0, 20, false, List.of(), List.of()));
    MvccReader r = reader();
    PointGetter g = new PointGetter(r, ReadOptions.snapshotIsolation(10));
    assertThat(g.get(enc("a"))).isEqualTo(b("va"));
    assertThat(g.get(enc("b"))).isEqualTo(b("vb"));
    assertThat(g.get(enc("c"))).isEqualTo(b("vc"));
    assertThatThrownBy(() -> new PointGetter(r, ReadOptions.snapshotIsolation(20)).get(enc("c")))
        .isInstanceOf(MvccError.KeyIsLocked.class);
  }

  @Test
  void scannerForwardAndBackwardWithLocksAndDeletes() {
    h.putCommitted("a", "va", 1, 2);
    h.putWrite("b", 3, new Write(WriteType.DELETE, 2, null));
    h.putCommitted("b", "vb-old", 1, 2);
    h.putCommitted("c", "vc", 1, 2);
    h.putCommitted("c", "vc-new", 20, 25);
    h.putLock("d", new Lock(LockType.PUT, b("d"), 5, 100, b("vd"), 0, 0, 0, false, List.of(), List.of()));
    h.putCommitted("e", "ve", 1, 2);
    h.putLock("e", new Lock(LockType.LOCK, b("e"), 5, 100));
    ReadOptions at10 = ReadOptions.snapshotIsolation(10);
    assertThat(scan(at10, false)).containsExactly("a=va", "c=vc", "d:locked", "e=ve");
    assertThat(scan(at10, true)).containsExactly("e=ve", "d:locked", "c=vc", "a=va");
    assertThat(scan(ReadOptions.snapshotIsolation(30), false))
        .containsExactly("a=va", "c=vc-new", "d:locked", "e=ve");
    assertThat(scan(ReadOptions.snapshotIsolation(4), false)).containsExactly("a=va", "c=vc", "e=ve");
  }

  private List<String> scan(ReadOptions opts, boolean reverse) {
    List<String> out = new ArrayList<>();
    try (RegionSnapshot s = h.snapshot();
        VersionScanner sc = new VersionScanner(s, opts, null, null, reverse, false)) {
      while (true) {
        try {
          KvEntry e = sc.next();
          if (e == null) {
            return out;
          }
          out.add(new String(KeyCodec.decode(e.key())) + "=" + new String(e.value()));
        } catch (MvccError.KeyIsLocked locked) {
          out.add(locked.lockInfo().getKey().toStringUtf8() + ":locked");
        }
      }
    }
  }
}
