package io.kiln.storage.mvcc;

import java.util.Arrays;

/**
 * A growing byte buffer with TiKV's number codecs ({@code tikv_util::codec::number}): LEB128
 * unsigned varints, zigzag signed varints, big-endian u64, and "compact bytes" (a zigzag varint
 * length, then the bytes).
 */
final class ValueWriter {

  private byte[] buf = new byte[32];
  private int len;

  ValueWriter put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  ValueWriter putBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** {@code encode_var_u64}: 7 bits a byte, least significant first, high bit = more. */
  ValueWriter putVarU64(long v) {
    while (Long.compareUnsigned(v, 0x80) >= 0) {
      put((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    return put((int) v);
  }

  /** {@code encode_var_i64}: zigzag, then {@link #putVarU64}. */
  ValueWriter putVarI64(long v) {
    long u = v << 1;
    if (v < 0) {
      u = ~u;
    }
    return putVarU64(u);
  }

  /** {@code encode_u64}: 8 bytes big-endian. */
  ValueWriter putU64(long v) {
    for (int i = 56; i >= 0; i -= 8) {
      put((int) (v >>> i));
    }
    return this;
  }

  /** {@code encode_compact_bytes}: zigzag varint length, then the bytes. */
  ValueWriter putCompactBytes(byte[] b) {
    putVarI64(b.length);
    return putBytes(b);
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
