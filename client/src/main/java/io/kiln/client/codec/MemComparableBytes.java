package io.kiln.client.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * TiKV's memcomparable encoding of byte strings ({@code codec::bytes::encode_bytes}): the key is
 * cut into groups of 8 bytes, the last one padded with zeros, and each group is followed by a
 * marker byte {@code 0xFF - padding}. A key whose length is a multiple of 8 ends with a full
 * padding group (8 zeros, marker {@code 0xF7}). The encoding keeps the byte order of keys, and it
 * is how the boundaries of regions that hold transactional data are written.
 */
public final class MemComparableBytes {

  private static final int GROUP = 8;
  private static final int MARKER = 0xFF;

  private MemComparableBytes() {}

  /** The memcomparable form of {@code key}. */
  public static byte[] encode(byte[] key) {
    int groups = key.length / GROUP + 1;
    byte[] out = new byte[groups * (GROUP + 1)];
    int o = 0;
    for (int i = 0; i <= key.length; i += GROUP) {
      int remain = key.length - i;
      int pad = remain >= GROUP ? 0 : GROUP - remain;
      System.arraycopy(key, i, out, o, GROUP - pad);
      // the padding bytes are already zero
      out[o + GROUP] = (byte) (MARKER - pad);
      o += GROUP + 1;
    }
    return out;
  }

  /**
   * The key {@code encoded} was made from.
   *
   * @throws IllegalArgumentException if {@code encoded} is not a complete, well-formed encoding
   */
  public static byte[] decode(byte[] encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length);
    int o = 0;
    while (true) {
      if (o + GROUP + 1 > encoded.length) {
        throw new IllegalArgumentException("truncated memcomparable key: " + Arrays.toString(encoded));
      }
      int marker = encoded[o + GROUP] & 0xFF;
      int pad = MARKER - marker;
      if (pad < 0 || pad > GROUP) {
        throw new IllegalArgumentException("bad memcomparable marker " + marker + " at " + (o + GROUP));
      }
      out.write(encoded, o, GROUP - pad);
      for (int i = GROUP - pad; i < GROUP; i++) {
        if (encoded[o + i] != 0) {
          throw new IllegalArgumentException("non-zero padding in memcomparable key at " + (o + i));
        }
      }
      o += GROUP + 1;
      if (pad != 0) {
        return out.toByteArray();
      }
    }
  }

  /**
   * Decodes a region boundary: an empty boundary stays empty (the start or end of the key space),
   * and a boundary that is not a complete encoding (a region split at a raw key) is returned as
   * the smallest user key it does not exceed, as TiKV's clients do.
   */
  public static byte[] decodeBoundary(byte[] encoded) {
    if (encoded.length == 0) {
      return encoded;
    }
    try {
      return decode(encoded);
    } catch (IllegalArgumentException notEncoded) {
      return encoded;
    }
  }
}
