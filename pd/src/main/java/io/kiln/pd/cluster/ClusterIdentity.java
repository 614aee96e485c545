package io.kiln.pd.cluster;

import io.kiln.pd.storage.MetaKeys;
import io.kiln.pd.storage.MetaStorage;
import java.util.function.LongSupplier;

/**
 * The cluster id and this PD member's id: chosen once, persisted, and the same after every
 * restart. A cluster id is made like PD's: the Unix time in seconds in the high 32 bits, random
 * bits in the low 32.
 */
public final class ClusterIdentity {

  private ClusterIdentity() {}

  /**
   * The persisted cluster id; on first start {@code configured} if non-zero, else a new one.
   *
   * @throws IllegalStateException if {@code configured} is non-zero and differs from the
   *     persisted id (this PD's data belongs to another cluster)
   */
  public static long loadOrCreateClusterId(MetaStorage storage, long configured, long nowMillis, LongSupplier random) {
    byte[] saved = storage.get(MetaKeys.CLUSTER_ID);
    if (saved != null) {
      long id = MetaKeys.decodeLong(saved);
      if (configured != 0 && configured != id) {
        throw new IllegalStateException("configured cluster id " + Long.toUnsignedString(configured)
            + " differs from the persisted cluster id " + Long.toUnsignedString(id));
      }
      return id;
    }
    long id = configured;
    while (id == 0) {
      id = (nowMillis / 1000) << 32 | (random.getAsLong() & 0xffffffffL);
    }
    storage.put(MetaKeys.CLUSTER_ID, MetaKeys.encodeLong(id));
    return id;
  }

  /** The persisted member id, or a new non-zero one from {@code random}, persisted. */
  public static long loadOrCreateMemberId(MetaStorage storage, LongSupplier random) {
    byte[] saved = storage.get(MetaKeys.MEMBER_ID);
    if (saved != null) {
      return MetaKeys.decodeLong(saved);
    }
    long id = 0;
    while (id == 0) {
      id = random.getAsLong() & Long.MAX_VALUE;
    }
    storage.put(MetaKeys.MEMBER_ID, MetaKeys.encodeLong(id));
    return id;
  }
}
