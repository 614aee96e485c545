package io.kiln.storage.mvcc;

import java.util.Arrays;

/**
 * Transactional keys as TiKV lays them out (txn_types {@code Key}): a user key is
 * memcomparable-encoded ({@code codec::bytes::encode_bytes}, ascending) and a version is the
 * big-endian {@code ~ts} appended to it, so within one user key the newest version sorts first.
 *
 * <p>The encoding splits the key into groups of 8 bytes; each group is written in full, padded
 * with zeros if short, followed by a marker byte {@code 0xFF - padding}. A key whose length is a
 * multiple of 8 ends with an all-padding group (marker {@code 0xF7}). The result sorts as the raw
 * keys do and no encoded key is a prefix of another, which is what lets a seek on
 * {@code encoded + ~ts} stay within one user key.
 */
public final class KeyCodec {

  private KeyCodec() {}

  static final int GROUP_SIZE = 8;
  static final int MARKER = 0xFF;
  /** The length of the timestamp suffix. */
  public static final int TS_LEN = 8;

  /** The memcomparable encoding of {@code raw} (TiKV's {@code Key::from_raw}). */
  public static byte[] encode(byte[] raw) {
    int groups = raw.length / GROUP_SIZE + 1;
    byte[] out = new byte[groups * (GROUP_SIZE + 1)];
    int w = 0;
    for (int i = 0; i <= raw.length; i += GROUP_SIZE) {
      int remain = raw.length - i;
      if (remain >= GROUP_SIZE) {
        System.arraycopy(raw, i, out, w, GROUP_SIZE);
        out[w + GROUP_SIZE] = (byte) MARKER;
      } else {
        System.arraycopy(raw, i, out, w, remain);
        // the padding bytes are already zero
        out[w + GROUP_SIZE] = (byte) (MARKER - (GROUP_SIZE - remain));
      }
      w += GROUP_SIZE + 1;
    }
    return out;
  }

  /** Decodes a key produced by {@link #encode} (any timestamp suffix must be stripped first). */
  public static byte[] decode(byte[] encoded) {
    byte[] out = new byte[encoded.length / (GROUP_SIZE + 1) * GROUP_SIZE];
    int w = 0;
    for (int r = 0; ; r += GROUP_SIZE + 1) {
      if (r + GROUP_SIZE + 1 > encoded.length) {
        throw new MvccError.BadFormat("encoded key is truncated: " + hex(encoded));
      }
      int pad = MARKER - (encoded[r + GROUP_SIZE] & 0xFF);
      if (pad < 0 || pad > GROUP_SIZE) {
        throw new MvccError.BadFormat("bad group marker in key " + hex(encoded));
      }
      int real = GROUP_SIZE - pad;
      System.arraycopy(encoded, r, out, w, real);
      w += real;
      if (pad != 0) {
        for (int i = real; i < GROUP_SIZE; i++) {
          if (encoded[r + i] != 0) {
            throw new MvccError.BadFormat("non-zero padding in key " + hex(encoded));
          }
        }
        if (r + GROUP_SIZE + 1 != encoded.length) {
          throw new MvccError.BadFormat("bytes after the last group of key " + hex(encoded));
        }
        return Arrays.copyOf(out, w);
      }
    }
  }

  /** {@code encodedKey} followed by the descending encoding of {@code ts} (TiKV's {@code append_ts}). */
  public static byte[] appendTs(byte[] encodedKey, long ts) {
    byte[] out = Arrays.copyOf(encodedKey, encodedKey.length + TS_LEN);
    long v = ~ts;
    for (int i = 0; i < TS_LEN; i++) {
      out[encodedKey.length + i] = (byte) (v >>> (56 - 8 * i));
    }
    return out;
  }

  /** The key without its timestamp suffix. */
  public static byte[] truncateTs(byte[] keyWithTs) {
    checkHasTs(keyWithTs);
    return Arrays.copyOf(keyWithTs, keyWithTs.length - TS_LEN);
  }

  /** The timestamp of a key made by {@link #appendTs}. */
  public static long decodeTs(byte[] keyWithTs) {
    checkHasTs(keyWithTs);
    long v = 0;
    for (int i = keyWithTs.length - TS_LEN; i < keyWithTs.length; i++) {
      v = (v << 8) | (keyWithTs[i] & 0xFF);
    }
    return ~v;
  }

  /** True if {@code keyWithTs} is a version of {@code encodedKey}. */
  public static boolean isVersionOf(byte[] keyWithTs, byte[] encodedKey) {
    return keyWithTs.length == encodedKey.length + TS_LEN
        && Arrays.equals(keyWithTs, 0, encodedKey.length, encodedKey, 0, encodedKey.length);
  }

  private static void checkHasTs(byte[] key) {
    if (key.length < TS_LEN) {
      throw new MvccError.BadFormat("key too short for a timestamp: " + hex(key));
    }
  }

  public static String hex(byte[] b) {
    return io.kiln.engine.Hex.of(b);
  }
}
