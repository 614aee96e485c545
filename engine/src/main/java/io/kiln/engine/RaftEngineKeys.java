package io.kiln.engine;

import java.nio.ByteBuffer;

/**
 * TiKV's key layout for region-local raft data (components/keys in TiKV): every local key starts
 * with 0x01; a region's raft keys are {@code 0x01 0x02 region_id(8, big-endian) suffix}, where the
 * suffix is {@code 0x01 index(8)} for a log entry, {@code 0x02} for RaftLocalState and {@code 0x03}
 * for RaftApplyState. Region metadata is {@code 0x01 0x03 region_id 0x01} (RegionLocalState).
 */
public final class RaftEngineKeys {

  private RaftEngineKeys() {}

  public static final byte LOCAL_PREFIX = 0x01;
  public static final byte REGION_RAFT_PREFIX = 0x02;
  public static final byte REGION_META_PREFIX = 0x03;
  public static final byte RAFT_LOG_SUFFIX = 0x01;
  public static final byte RAFT_STATE_SUFFIX = 0x02;
  public static final byte APPLY_STATE_SUFFIX = 0x03;
  public static final byte REGION_STATE_SUFFIX = 0x01;

  /** {@code 0x01 0x01}: the store's identity (cluster id, store id). */
  public static final byte[] STORE_IDENT_KEY = {LOCAL_PREFIX, 0x01};
  /** {@code 0x01 0x02}: the first region, written before bootstrap is confirmed. */
  public static final byte[] PREPARE_BOOTSTRAP_KEY = {LOCAL_PREFIX, 0x02};

  public static byte[] raftLogKey(long regionId, long index) {
    return ByteBuffer.allocate(19).put(LOCAL_PREFIX).put(REGION_RAFT_PREFIX).putLong(regionId)
        .put(RAFT_LOG_SUFFIX).putLong(index).array();
  }

  /** The first key past every log key of {@code regionId}. */
  public static byte[] raftLogKeyEnd(long regionId) {
    return regionRaftKey(regionId, (byte) (RAFT_LOG_SUFFIX + 1));
  }

  /** The log index in a key made by {@link #raftLogKey}. */
  public static long raftLogIndex(byte[] key) {
    if (key.length != 19 || key[0] != LOCAL_PREFIX || key[1] != REGION_RAFT_PREFIX || key[10] != RAFT_LOG_SUFFIX) {
      throw new EngineException("not a raft log key: " + Hex.of(key));
    }
    return ByteBuffer.wrap(key, 11, 8).getLong();
  }

  public static byte[] raftStateKey(long regionId) {
    return regionRaftKey(regionId, RAFT_STATE_SUFFIX);
  }

  public static byte[] applyStateKey(long regionId) {
    return regionRaftKey(regionId, APPLY_STATE_SUFFIX);
  }

  public static byte[] regionStateKey(long regionId) {
    return ByteBuffer.allocate(11).put(LOCAL_PREFIX).put(REGION_META_PREFIX).putLong(regionId)
        .put(REGION_STATE_SUFFIX).array();
  }

  /** {@code [start, end)} of every region meta key (for scanning all regions at startup). */
  public static byte[] regionMetaMinKey() {
    return new byte[] {LOCAL_PREFIX, REGION_META_PREFIX};
  }

  public static byte[] regionMetaMaxKey() {
    return new byte[] {LOCAL_PREFIX, REGION_META_PREFIX + 1};
  }

  /** The region id in a key made by {@link #regionStateKey}. */
  public static long regionIdOfMetaKey(byte[] key) {
    return ByteBuffer.wrap(key, 2, 8).getLong();
  }

  private static byte[] regionRaftKey(long regionId, byte suffix) {
    return ByteBuffer.allocate(11).put(LOCAL_PREFIX).put(REGION_RAFT_PREFIX).putLong(regionId)
        .put(suffix).array();
  }
}
