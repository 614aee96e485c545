package io.kiln.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.proto.Kvrpcpb;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lock and Write values byte for byte as TiKV's txn_types writes them, and round trips. */
class LockWriteFormatTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static byte[] b(String s) {
    return s.getBytes();
  }

  @Test
  void minimalLockIsFlagPrimaryStartTsTtl() {
    Lock lock = new Lock(LockType.PUT, b("pk"), 5, 3000);
    // 'P', zigzag varint 2 (=4) + "pk", varint 5, varint 3000 (0xb8 0x17)
    assertThat(lock.toBytes()).isEqualTo(hex("50 04 706b 05 b817"));
  }

  @Test
  void everyOptionalLockFieldInTiKVsOrder() {
    Lock lock = new Lock(LockType.PUT, b("pk"), 5, 3000, b("v1"), 10, 1, 6, true,
        List.of(b("s1")), List.of(4L));
    byte[] expected = hex("50 04 706b 05 b817"
        + "76 02 7631" // 'v' len short value
        + "66 000000000000000a" // 'f' for_update_ts
        + "74 0000000000000001" // 't' txn_size
        + "63 0000000000000006" // 'c' min_commit_ts
        + "61 01 04 7331" // 'a' one secondary as compact bytes
        + "72 01 0000000000000004"); // 'r' one rollback ts
    assertThat(lock.toBytes()).isEqualTo(expected);
    Lock back = Lock.parse(expected);
    assertThat(back.toBytes()).isEqualTo(expected);
    assertThat(back.type()).isEqualTo(LockType.PUT);
    assertThat(back.primary()).isEqualTo(b("pk"));
    assertThat(back.startTs()).isEqualTo(5);
    assertThat(back.ttl()).isEqualTo(3000);
    assertThat(back.shortValue()).isEqualTo(b("v1"));
    assertThat(back.forUpdateTs()).isEqualTo(10);
    assertThat(back.txnSize()).isEqualTo(1);
    assertThat(back.minCommitTs()).isEqualTo(6);
    assertThat(back.useAsyncCommit()).isTrue();
    assertThat(back.secondaries()).containsExactly(b("s1"));
    assertThat(back.rollbackTs()).containsExactly(4L);
  }

  @Test
  void lockTypesAndLargeTimestamps() {
    long ts = 1L << 40;
    for (LockType t : LockType.values()) {
      Lock lock = new Lock(t, b("p"), ts, 0);
      byte[] bytes = lock.toBytes();
      assertThat(bytes[0]).isEqualTo(t.flag());
      assertThat(Lock.parse(bytes)).usingRecursiveComparison().isEqualTo(lock);
    }
    // varint of 2^40: five continuation bytes then 0x20
    assertThat(new Lock(LockType.LOCK, b(""), ts, 0).toBytes()).isEqualTo(hex("4c 00 8080808080 20 00"));
  }

  @Test
  void unknownTrailingTagsAreIgnoredAndKnownNewerTagsSkipped() {
    // last_change 'l' (u64 + varint), txn_source 's', then an unknown tag
    byte[] v = hex("50 04 706b 05 b817 6c 0000000000000003 02 73 01 7a ff");
    Lock lock = Lock.parse(v);
    assertThat(lock.ttl()).isEqualTo(3000);
    assertThat(lock.toBytes()).isEqualTo(hex("50 04 706b 05 b817"));
  }

  @Test
  void lockInfoCarriesWhatClientsNeed() {
    Lock lock = new Lock(LockType.DELETE, b("pk"), 5, 100, null, 7, 3, 9, true, List.of(b("s")), List.of());
    Kvrpcpb.LockInfo info = lock.toLockInfo(b("k"));
    assertThat(info.getPrimaryLock().toStringUtf8()).isEqualTo("pk");
    assertThat(info.getKey().toStringUtf8()).isEqualTo("k");
    assertThat(info.getLockVersion()).isEqualTo(5);
    assertThat(info.getLockTtl()).isEqualTo(100);
    assertThat(info.getLockType()).isEqualTo(Kvrpcpb.Op.Del);
    assertThat(info.getLockForUpdateTs()).isEqualTo(7);
    assertThat(info.getTxnSize()).isEqualTo(3);
    assertThat(info.getMinCommitTs()).isEqualTo(9);
    assertThat(info.getUseAsyncCommit()).isTrue();
    assertThat(info.getSecondariesCount()).isEqualTo(1);
  }

  @Test
  void writeRecords() {
    assertThat(new Write(WriteType.PUT, 5, b("ab")).toBytes()).isEqualTo(hex("50 05 76 02 6162"));
    assertThat(new Write(WriteType.DELETE, 5, null).toBytes()).isEqualTo(hex("44 05"));
    assertThat(Write.rollback(7, true).toBytes()).isEqualTo(hex("52 07 76 01 70"));
    assertThat(Write.rollback(7, false).toBytes()).isEqualTo(hex("52 07"));
    assertThat(new Write(WriteType.PUT, 5, null, true, 9L).toBytes())
        .isEqualTo(hex("50 05 52 46 0000000000000009"));
    assertThat(Write.parse(hex("52 07 76 01 70")).isProtectedRollback()).isTrue();
    assertThat(Write.parse(hex("52 07")).isProtectedRollback()).isFalse();
    Write w = Write.parse(hex("4c 8080808080 20 52 46 0000000000000000"));
    assertThat(w.type()).isEqualTo(WriteType.LOCK);
    assertThat(w.startTs()).isEqualTo(1L << 40);
    assertThat(w.hasOverlappedRollback()).isTrue();
    assertThat(w.gcFence()).isEqualTo(0L);
  }

  @Test
  void writeRoundTripWithMaximalShortValue() {
    byte[] value = new byte[Write.SHORT_VALUE_MAX_LEN];
    java.util.Arrays.fill(value, (byte) 0xab);
    Write w = new Write(WriteType.PUT, 123456789L, value, true, 42L);
    Write back = Write.parse(w.toBytes());
    assertThat(back.shortValue()).isEqualTo(value);
    assertThat(back.startTs()).isEqualTo(123456789L);
    assertThat(back.hasOverlappedRollback()).isTrue();
    assertThat(back.gcFence()).isEqualTo(42L);
  }

  @Test
  void malformedValuesFailClearly() {
    assertThatThrownBy(() -> Lock.parse(hex("58 00 01"))).isInstanceOf(MvccError.BadFormat.class);
    assertThatThrownBy(() -> Lock.parse(hex("50 08 70"))).isInstanceOf(MvccError.BadFormat.class);
    assertThatThrownBy(() -> Write.parse(new byte[0])).isInstanceOf(MvccError.BadFormat.class);
  }
}
