package io.kiln.storage.gc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.kv.StandaloneKv;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MvccGcTest {

  private static final Kvrpcpb.Context CTX = Kvrpcpb.Context.newBuilder().setRegionId(1).build();
  private final StandaloneKv kv = new StandaloneKv(new MemoryKvEngine(), false);

  private static byte[] key(String k) {
    return KeyCodec.encode(k.getBytes(UTF_8));
  }

  /** Writes a committed version; values over 255 bytes go to the default CF as prewrite puts them. */
  private void version(String k, WriteType type, long startTs, long commitTs, String value) {
    MvccTxn txn = new MvccTxn();
    byte[] shortValue = null;
    if (value != null && value.length() <= Write.SHORT_VALUE_MAX_LEN) {
      shortValue = value.getBytes(UTF_8);
    } else if (value != null) {
      txn.putValue(key(k), startTs, value.getBytes(UTF_8));
    }
    txn.putWrite(key(k), commitTs, new Write(type, startTs, shortValue));
    kv.write(txn.modifies());
  }

  private List<Long> commitTsOf(String k) {
    List<Long> out = new ArrayList<>();
    try (RegionSnapshot s = kv.asyncSnapshot(CTX).join(); EngineIterator it = s.iterator(Cf.WRITE, null, null)) {
      for (boolean v = it.seekToFirst(); v; v = it.next()) {
        if (Arrays.equals(KeyCodec.truncateTs(it.key()), key(k))) {
          out.add(KeyCodec.decodeTs(it.key()));
        }
      }
    }
    return out;
  }

  private int defaultCount() {
    int n = 0;
    try (RegionSnapshot s = kv.asyncSnapshot(CTX).join(); EngineIterator it = s.iterator(Cf.DEFAULT, null, null)) {
      for (boolean v = it.seekToFirst(); v; v = it.next()) {
        n++;
      }
    }
    return n;
  }

  private MvccGc.Batch gc(long safePoint, byte[] from, int maxKeys) {
    try (RegionSnapshot s = kv.asyncSnapshot(CTX).join()) {
      MvccGc.Batch b = MvccGc.collect(s, from, null, safePoint, maxKeys);
      kv.write(b.deletes());
      return b;
    }
  }

  @Test
  void keepsTheVersionAReaderAtTheSafePointSeesAndEverythingNewer() {
    String big = "x".repeat(300);
    version("a", WriteType.PUT, 9, 10, "v10");
    version("a", WriteType.PUT, 19, 20, big);
    version("a", WriteType.LOCK, 24, 25, null);
    version("a", WriteType.ROLLBACK, 27, 27, null);
    version("a", WriteType.PUT, 39, 40, "v40");
    assertThat(defaultCount()).isEqualTo(1);

    MvccGc.Batch b = gc(30, null, 100);

    assertThat(commitTsOf("a")).containsExactly(40L, 20L);
    assertThat(defaultCount()).as("the kept version's long value stays").isEqualTo(1);
    assertThat(b.versionsDeleted()).isEqualTo(3);
    assertThat(b.nextKey()).isNull();
  }

  @Test
  void aDeleteAtTheSafePointRemovesTheKeyAndItsHistory() {
    version("d", WriteType.PUT, 4, 5, "x".repeat(300));
    version("d", WriteType.DELETE, 7, 8, null);
    version("d", WriteType.PUT, 49, 50, "new");

    gc(30, null, 100);

    assertThat(commitTsOf("d")).containsExactly(50L);
    assertThat(defaultCount()).as("the value of the removed long put is gone").isZero();
  }

  @Test
  void versionsAboveTheSafePointAreNeverTouched() {
    version("k", WriteType.PUT, 39, 40, "a");
    version("k", WriteType.DELETE, 44, 45, null);
    version("k", WriteType.ROLLBACK, 47, 47, null);

    MvccGc.Batch b = gc(30, null, 100);

    assertThat(commitTsOf("k")).containsExactly(47L, 45L, 40L);
    assertThat(b.deletes()).isEmpty();
  }

  @Test
  void batchesStopAtMaxKeysAndContinueFromTheNextKey() {
    for (String k : List.of("k1", "k2", "k3")) {
      version(k, WriteType.PUT, 1, 2, "old");
      version(k, WriteType.PUT, 3, 4, "new");
    }
    MvccGc.Batch first = gc(10, null, 2);
    assertThat(first.keysScanned()).isEqualTo(2);
    assertThat(first.nextKey()).isEqualTo(key("k3"));
    assertThat(commitTsOf("k1")).containsExactly(4L);
    assertThat(commitTsOf("k3")).containsExactly(4L, 2L);

    MvccGc.Batch second = gc(10, first.nextKey(), 2);
    assertThat(second.nextKey()).isNull();
    assertThat(commitTsOf("k3")).containsExactly(4L);
  }
}
