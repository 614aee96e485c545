package io.kiln.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void encodesAsTiKVsMemcomparableBytes() {
    // empty key: one all-padding group, marker 0xFF - 8
    assertThat(KeyCodec.encode(new byte[0])).isEqualTo(hex("0000000000000000f7"));
    // 3 bytes: padded with 5 zeros, marker 0xFF - 5
    assertThat(KeyCodec.encode(hex("010203"))).isEqualTo(hex("0102030000000000fa"));
    // exactly 8 bytes: a full group (marker 0xFF) then an all-padding group
    assertThat(KeyCodec.encode(hex("0102030405060708")))
        .isEqualTo(hex("0102030405060708ff0000000000000000f7"));
    // 9 bytes
    assertThat(KeyCodec.encode(hex("010203040506070809")))
        .isEqualTo(hex("0102030405060708ff0900000000000000f8"));
  }

  @Test
  void appendsTimestampsDescending() {
    byte[] k = KeyCodec.encode("k".getBytes());
    assertThat(Arrays.copyOfRange(KeyCodec.appendTs(k, 1), 9, 17)).isEqualTo(hex("fffffffffffffffe"));
    assertThat(Arrays.compareUnsigned(KeyCodec.appendTs(k, 20), KeyCodec.appendTs(k, 10))).isNegative();
    assertThat(KeyCodec.decodeTs(KeyCodec.appendTs(k, 424242L))).isEqualTo(424242L);
    assertThat(KeyCodec.truncateTs(KeyCodec.appendTs(k, 7))).isEqualTo(k);
    assertThat(KeyCodec.isVersionOf(KeyCodec.appendTs(k, 7), k)).isTrue();
  }

  @Test
  void randomKeysKeepTheirOrderAndRoundTrip() {
    long seed = Long.getLong("kiln.seed", System.nanoTime()); // re-run: -Dkiln.seed=<printed seed>
    System.out.println("KeyCodecTest seed=" + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 5000; i++) {
      byte[] a = randomKey(random);
      byte[] c = random.nextInt(4) == 0 ? extend(a, random) : randomKey(random);
      byte[] ea = KeyCodec.encode(a);
      byte[] ec = KeyCodec.encode(c);
      assertThat(KeyCodec.decode(ea)).as("seed %d", seed).isEqualTo(a);
      assertThat(Integer.signum(Arrays.compareUnsigned(ea, ec)))
          .as("seed %d: order of %s and %s", seed, HexFormat.of().formatHex(a), HexFormat.of().formatHex(c))
          .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, c)));
      // versions stay within their key: any version of the smaller key sorts before the larger key
      long ts1 = random.nextLong() & Long.MAX_VALUE;
      long ts2 = random.nextLong() & Long.MAX_VALUE;
      if (Arrays.compareUnsigned(a, c) < 0) {
        assertThat(Arrays.compareUnsigned(KeyCodec.appendTs(ea, ts1), KeyCodec.appendTs(ec, ts2)))
            .as("seed %d", seed).isNegative();
        assertThat(Arrays.compareUnsigned(KeyCodec.appendTs(ea, ts1), ec)).as("seed %d", seed).isNegative();
      }
    }
  }

  @Test
  void rejectsMalformedKeys() {
    assertThatThrownBy(() -> KeyCodec.decode(hex("0102"))).isInstanceOf(MvccError.BadFormat.class);
    assertThatThrownBy(() -> KeyCodec.decode(hex("0102030000000001fa")))
        .isInstanceOf(MvccError.BadFormat.class);
    assertThatThrownBy(() -> KeyCodec.decode(hex("0000000000000000f7aa")))
        .isInstanceOf(MvccError.BadFormat.class);
  }

  private static byte[] randomKey(Random r) {
    byte[] k = new byte[r.nextInt(20)];
    for (int i = 0; i < k.length; i++) {
      // bias towards 0x00 and 0xff, the bytes that interact with padding and markers
      int pick = r.nextInt(4);
      k[i] = (byte) (pick == 0 ? 0 : pick == 1 ? 0xff : r.nextInt(256));
    }
    return k;
  }

  private static byte[] extend(byte[] a, Random r) {
    byte[] k = Arrays.copyOf(a, a.length + 1 + r.nextInt(9));
    for (int i = a.length; i < k.length; i++) {
      k[i] = (byte) (r.nextBoolean() ? 0 : r.nextInt(256));
    }
    return k;
  }
}
