package io.kiln.client.region;

import io.kiln.client.codec.MemComparableBytes;

/**
 * How user keys map to the keys PD's region boundaries are written in. Raw data is stored under
 * the keys as they are; transactional data is stored under memcomparable-encoded keys (MVCC
 * versions are appended to them), so its region boundaries are encoded and a key must be
 * encoded before PD is asked for its region.
 */
public enum KeyMode {
  RAW {
    @Override
    public byte[] toPd(byte[] key) {
      return key;
    }

    @Override
    public byte[] fromPd(byte[] boundary) {
      return boundary;
    }
  },
  TXN {
    @Override
    public byte[] toPd(byte[] key) {
      return MemComparableBytes.encode(key);
    }

    @Override
    public byte[] fromPd(byte[] boundary) {
      return MemComparableBytes.decodeBoundary(boundary);
    }
  };

  /** The key to look a user key's region up with. */
  public abstract byte[] toPd(byte[] key);

  /** A region boundary as a user key (an empty boundary stays empty). */
  public abstract byte[] fromPd(byte[] boundary);
}
