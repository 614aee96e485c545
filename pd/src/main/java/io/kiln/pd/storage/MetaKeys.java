package io.kiln.pd.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The layout of PD's durable state, modelled on the key paths PD keeps in etcd. Keys are ASCII;
 * numbers in keys are zero-padded to 20 digits so that keys sort like the numbers.
 *
 * <pre>
 * /pd/cluster_id                        -> u64          the cluster's id, chosen once
 * /pd/member_id                         -> u64          this PD member's id, chosen once
 * /pd/raft                              -> metapb.Cluster  present once bootstrapped
 * /pd/raft/s/{store id:020}             -> metapb.Store
 * /pd/raft/r/{region id:020}            -> metapb.Region
 * /pd/alloc_id                          -> u64          end of the ID window handed out
 * /pd/timestamp                         -> u64          TSO: no physical time beyond it was issued
 * /pd/gc/safe_point                     -> u64          the GC safe point
 * /pd/gc/safe_point/service/{hex(id)}   -> ServiceSafePoint (see GcSafePoints)
 * </pre>
 *
 * Numbers are stored as 8 bytes big-endian ({@link #encodeLong}).
 */
public final class MetaKeys {

  private MetaKeys() {}

  public static final byte[] CLUSTER_ID = ascii("/pd/cluster_id");
  public static final byte[] MEMBER_ID = ascii("/pd/member_id");
  public static final byte[] CLUSTER = ascii("/pd/raft");
  public static final byte[] STORE_PREFIX = ascii("/pd/raft/s/");
  public static final byte[] REGION_PREFIX = ascii("/pd/raft/r/");
  public static final byte[] ALLOC_ID = ascii("/pd/alloc_id");
  public static final byte[] TIMESTAMP = ascii("/pd/timestamp");
  public static final byte[] GC_SAFE_POINT = ascii("/pd/gc/safe_point");
  public static final byte[] SERVICE_SAFE_POINT_PREFIX = ascii("/pd/gc/safe_point/service/");

  public static byte[] store(long storeId) {
    return ascii("/pd/raft/s/" + padded(storeId));
  }

  public static byte[] region(long regionId) {
    return ascii("/pd/raft/r/" + padded(regionId));
  }

  public static byte[] serviceSafePoint(byte[] serviceId) {
    return ascii("/pd/gc/safe_point/service/" + HexFormat.of().formatHex(serviceId));
  }

  /** 8 bytes, big-endian. */
  public static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /** The inverse of {@link #encodeLong}; fails fast on a value of the wrong size. */
  public static long decodeLong(byte[] value) {
    if (value.length != Long.BYTES) {
      throw new IllegalStateException("corrupted PD metadata: expected 8 bytes, found " + value.length);
    }
    return ByteBuffer.wrap(value).getLong();
  }

  /** The smallest key greater than every key starting with {@code prefix} (null: no bound). */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        byte[] cut = new byte[i + 1];
        System.arraycopy(end, 0, cut, 0, i + 1);
        return cut;
      }
    }
    return null;
  }

  private static String padded(long id) {
    return String.format("%020d", id);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
