package io.kiln.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * Record i's key: "k" followed by i in decimal, zero-padded to exactly {@code keySize} bytes, so
 * keys sort as their indexes do and every key has the same size.
 */
public record KeyFormat(int keySize) {

  public KeyFormat {
    if (keySize < 2) {
      throw new IllegalArgumentException("--key-size must be at least 2 bytes, got " + keySize);
    }
  }

  /** True when index {@code maxIndex} still fits the key size. */
  public boolean fits(long maxIndex) {
    return Long.toString(maxIndex).length() <= keySize - 1;
  }

  public byte[] key(long index) {
    String digits = Long.toString(index);
    if (digits.length() > keySize - 1) {
      throw new IllegalArgumentException("record " + index + " does not fit a key of " + keySize + " bytes");
    }
    byte[] key = new byte[keySize];
    key[0] = 'k';
    int pad = keySize - 1 - digits.length();
    for (int i = 0; i < pad; i++) {
      key[1 + i] = '0';
    }
    byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(d, 0, key, 1 + pad, d.length);
    return key;
  }
}
