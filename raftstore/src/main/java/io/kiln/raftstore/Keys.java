package io.kiln.raftstore;

import com.google.protobuf.ByteString;
import io.kiln.proto.Metapb.Region;
import java.util.Arrays;

/**
 * User keys as the kv engine stores them: TiKV prefixes every data key with {@code z} so data
 * sorts after the local (0x01) keys. A region {@code [start, end)} covers the data keys {@code
 * [z+start, z+end)}, with an empty end meaning "to the end" ({@link #DATA_MAX_KEY}).
 */
public final class Keys {

  private Keys() {}

  public static final byte DATA_PREFIX = 'z';
  public static final byte[] DATA_MIN_KEY = {DATA_PREFIX};
  public static final byte[] DATA_MAX_KEY = {DATA_PREFIX + 1};

  public static byte[] dataKey(byte[] key) {
    byte[] k = new byte[key.length + 1];
    k[0] = DATA_PREFIX;
    System.arraycopy(key, 0, k, 1, key.length);
    return k;
  }

  public static byte[] dataKey(ByteString key) {
    byte[] k = new byte[key.size() + 1];
    k[0] = DATA_PREFIX;
    key.copyTo(k, 1);
    return k;
  }

  /** The data key of a region's end: {@link #DATA_MAX_KEY} when the end is empty. */
  public static byte[] dataEndKey(ByteString endKey) {
    return endKey.isEmpty() ? DATA_MAX_KEY.clone() : dataKey(endKey);
  }

  public static byte[] originKey(byte[] dataKey) {
    if (dataKey.length == 0 || dataKey[0] != DATA_PREFIX) {
      throw new IllegalArgumentException("not a data key: " + io.kiln.engine.Hex.of(dataKey));
    }
    return Arrays.copyOfRange(dataKey, 1, dataKey.length);
  }

  /** True if {@code key} (a user key) is in {@code [region.start, region.end)}. */
  public static boolean inRegion(byte[] key, Region region) {
    ByteString k = ByteString.copyFrom(key);
    return inRegion(k, region);
  }

  public static boolean inRegion(ByteString key, Region region) {
    if (ByteString.unsignedLexicographicalComparator().compare(key, region.getStartKey()) < 0) {
      return false;
    }
    return region.getEndKey().isEmpty()
        || ByteString.unsignedLexicographicalComparator().compare(key, region.getEndKey()) < 0;
  }
}
