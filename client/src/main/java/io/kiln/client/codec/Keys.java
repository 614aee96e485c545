package io.kiln.client.codec;

import java.util.Arrays;
import java.util.Comparator;

/** Byte-string helpers: unsigned order and the printable form used in error messages. */
public final class Keys {

  /** Unsigned lexicographic order, as TiKV orders keys. */
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private Keys() {}

  /** {@code a < b} in unsigned order. */
  public static boolean less(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b) < 0;
  }

  /** True when {@code key} is in {@code [start, end)}; an empty end is the end of the key space. */
  public static boolean inRange(byte[] key, byte[] start, byte[] end) {
    return Arrays.compareUnsigned(key, start) >= 0 && (end.length == 0 || Arrays.compareUnsigned(key, end) < 0);
  }

  /** A short printable form: printable ASCII as is, other bytes as {@code \xNN}. */
  public static String show(byte[] key) {
    StringBuilder b = new StringBuilder(key.length + 2).append('"');
    for (int i = 0; i < key.length && i < 64; i++) {
      int c = key[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        b.append((char) c);
      } else {
        b.append(String.format("\\x%02x", c));
      }
    }
    if (key.length > 64) {
      b.append("...");
    }
    return b.append('"').toString();
  }
}
