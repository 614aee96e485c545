package io.kiln.storage.mvcc;

import java.util.Arrays;

/** A cursor over an encoded lock or write value, the inverse of {@link ValueWriter}. */
final class ValueReader {

  private final byte[] buf;
  private int pos;

  ValueReader(byte[] buf) {
    this.buf = buf;
  }

  boolean isEmpty() {
    return pos >= buf.length;
  }

  int u8() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  byte[] bytes(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  long varU64() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new MvccError.BadFormat("varint longer than 10 bytes");
  }

  long varI64() {
    long u = varU64();
    long v = u >>> 1;
    return (u & 1) != 0 ? ~v : v;
  }

  long u64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  byte[] compactBytes() {
    long n = varI64();
    if (n < 0 || n > buf.length - pos) {
      throw new MvccError.BadFormat("compact bytes length " + n + " exceeds the value");
    }
    return bytes((int) n);
  }

  private void need(int n) {
    if (pos + n > buf.length) {
      throw new MvccError.BadFormat("value truncated at byte " + pos + " of " + buf.length);
    }
  }
}
