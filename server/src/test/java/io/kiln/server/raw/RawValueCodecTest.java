package io.kiln.server.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RawValueCodecTest {

  @Test
  void ttlOnAppendsTheExpiryBigEndian() {
    RawValueCodec c = new RawValueCodec(true);
    byte[] stored = c.encode(new byte[] {0x12, 0x34, 0x56}, 0xffffL);
    assertThat(stored).containsExactly(0x12, 0x34, 0x56, 0, 0, 0, 0, 0, 0, 0xff, 0xff);
    assertThat(c.userValue(stored)).containsExactly(0x12, 0x34, 0x56);
    assertThat(c.expiry(stored)).isEqualTo(0xffffL);
  }

  @Test
  void expiryZeroNeverExpires() {
    RawValueCodec c = new RawValueCodec(true);
    byte[] stored = c.encode(new byte[] {1}, 0);
    assertThat(c.expired(stored, Long.MAX_VALUE)).isFalse();
  }

  @Test
  void valueExpiresAtItsExpirySecond() {
    RawValueCodec c = new RawValueCodec(true);
    byte[] stored = c.encode(new byte[0], RawValueCodec.expiryOf(10, 1000));
    assertThat(c.expiry(stored)).isEqualTo(1010);
    assertThat(c.expired(stored, 1009)).isFalse();
    assertThat(c.expired(stored, 1010)).isTrue();
  }

  @Test
  void hugeTtlSaturates() {
    assertThat(RawValueCodec.expiryOf(Long.MAX_VALUE, 1000)).isEqualTo(Long.MAX_VALUE);
    assertThat(RawValueCodec.expiryOf(-1L, 1000)).isEqualTo(Long.MAX_VALUE); // uint64 max on the wire
  }

  @Test
  void ttlOffStoresTheValueAsIs() {
    RawValueCodec c = new RawValueCodec(false);
    byte[] v = {1, 2, 3};
    assertThat(c.encode(v, 99)).isSameAs(v);
    assertThat(c.userValue(v)).isSameAs(v);
    assertThat(c.expired(v, Long.MAX_VALUE)).isFalse();
  }

  @Test
  void aValueTooShortForTheExpiryIsCorrupt() {
    RawValueCodec c = new RawValueCodec(true);
    assertThatThrownBy(() -> c.userValue(new byte[3])).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupted raw value");
  }
}
