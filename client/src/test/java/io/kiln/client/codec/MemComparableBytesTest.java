package io.kiln.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemComparableBytesTest {

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void encodesLikeTikv() {
    // the examples of TiKV's codec::bytes tests
    assertThat(MemComparableBytes.encode(new byte[0])).containsExactly(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0xF7));
    assertThat(MemComparableBytes.encode(bytes(1, 2, 3))).containsExactly(bytes(1, 2, 3, 0, 0, 0, 0, 0, 0xFA));
    assertThat(MemComparableBytes.encode(bytes(1, 2, 3, 0))).containsExactly(bytes(1, 2, 3, 0, 0, 0, 0, 0, 0xFB));
    assertThat(MemComparableBytes.encode(bytes(1, 2, 3, 4, 5, 6, 7, 8)))
        .containsExactly(bytes(1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0xF7));
    assertThat(MemComparableBytes.encode(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9)))
        .containsExactly(bytes(1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 9, 0, 0, 0, 0, 0, 0, 0, 0xF8));
  }

  @Test
  void roundTripsAndKeepsOrder() {
    long seed = System.nanoTime();
    System.out.println("MemComparableBytesTest seed " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 2_000; i++) {
      byte[] a = new byte[random.nextInt(20)];
      byte[] b = new byte[random.nextInt(20)];
      random.nextBytes(a);
      random.nextBytes(b);
      if (random.nextBoolean() && a.length > 0) {
        b = Arrays.copyOf(a, a.length + random.nextInt(3));
      }
      byte[] ea = MemComparableBytes.encode(a);
      byte[] eb = MemComparableBytes.encode(b);
      assertThat(MemComparableBytes.decode(ea)).as("seed %d", seed).containsExactly(a);
      assertThat(Integer.signum(Arrays.compareUnsigned(ea, eb))).as("seed %d", seed)
          .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
    }
  }

  @Test
  void rejectsMalformedAndKeepsRawBoundaries() {
    assertThatThrownBy(() -> MemComparableBytes.decode(bytes(1, 2, 3))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemComparableBytes.decode(bytes(1, 2, 3, 4, 0, 0, 0, 9, 0xFB)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MemComparableBytes.decodeBoundary(new byte[0])).isEmpty();
    assertThat(MemComparableBytes.decodeBoundary(bytes('a', 'b'))).containsExactly(bytes('a', 'b'));
  }
}
