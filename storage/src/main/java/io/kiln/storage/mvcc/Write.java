package io.kiln.storage.mvcc;

import java.util.Arrays;

/**
 * A write CF record at {@code key + commit_ts}, in TiKV's binary format (txn_types
 * {@code Write::to_bytes}): the type flag, start_ts as a varint, then optional tagged fields:
 * {@code 'v'} short value (u8 length + bytes), {@code 'R'} overlapped rollback (no payload),
 * {@code 'F'} gc_fence (big-endian u64). The last-change ({@code 'l'}) and txn-source
 * ({@code 'S'}) tags are skipped when parsing.
 *
 * <p>A protected rollback carries the short value {@code "p"}: GC and later rollbacks must not
 * collapse it, because it is what stops a late prewrite of the rolled-back transaction.
 *
 * @param shortValue the value inlined when at most {@link #SHORT_VALUE_MAX_LEN} bytes, else null
 *     (the value then lives in the default CF at {@code key + start_ts})
 * @param hasOverlappedRollback a rollback of another transaction with start_ts equal to this
 *     record's commit_ts happened here (the two records share a key)
 * @param gcFence null if unset; else the commit_ts of the next newer version (0: none)
 */
public record Write(WriteType type, long startTs, byte[] shortValue,
    boolean hasOverlappedRollback, Long gcFence) {

  public static final int SHORT_VALUE_MAX_LEN = 255;
  static final int SHORT_VALUE_PREFIX = 'v';
  static final int OVERLAPPED_ROLLBACK_FLAG = 'R';
  static final int GC_FENCE_PREFIX = 'F';
  static final int LAST_CHANGE_PREFIX = 'l';
  static final int TXN_SOURCE_PREFIX = 'S';
  static final byte[] PROTECTED_ROLLBACK_SHORT_VALUE = {'p'};

  public Write(WriteType type, long startTs, byte[] shortValue) {
    this(type, startTs, shortValue, false, null);
  }

  /** A rollback record of {@code startTs}; a protected one cannot be collapsed. */
  public static Write rollback(long startTs, boolean protectedRollback) {
    return new Write(WriteType.ROLLBACK, startTs,
        protectedRollback ? PROTECTED_ROLLBACK_SHORT_VALUE.clone() : null);
  }

  public boolean isProtectedRollback() {
    return type == WriteType.ROLLBACK
        && Arrays.equals(shortValue, PROTECTED_ROLLBACK_SHORT_VALUE);
  }

  public Write withOverlappedRollback() {
    return new Write(type, startTs, shortValue, true, gcFence);
  }

  /**
   * False if a GC fence says this version was not the newest at {@code ts} (the GC removed the
   * newer ones); see TiKV's {@code check_gc_fence_as_latest_version}.
   */
  public boolean isLatestVersionAt(long ts) {
    return gcFence == null || gcFence == 0 || gcFence > ts;
  }

  public byte[] toBytes() {
    ValueWriter w = new ValueWriter();
    w.put(type.flag()).putVarU64(startTs);
    if (shortValue != null) {
      w.put(SHORT_VALUE_PREFIX).put(shortValue.length).putBytes(shortValue);
    }
    if (hasOverlappedRollback) {
      w.put(OVERLAPPED_ROLLBACK_FLAG);
    }
    if (gcFence != null) {
      w.put(GC_FENCE_PREFIX).putU64(gcFence);
    }
    return w.toBytes();
  }

  public static Write parse(byte[] value) {
    if (value == null || value.length == 0) {
      throw new MvccError.BadFormat("empty write value");
    }
    ValueReader r = new ValueReader(value);
    WriteType type = WriteType.fromFlag(r.u8());
    long startTs = r.varU64();
    byte[] shortValue = null;
    boolean overlapped = false;
    Long gcFence = null;
    parsing:
    while (!r.isEmpty()) {
      int tag = r.u8();
      switch (tag) {
        case SHORT_VALUE_PREFIX:
          shortValue = r.bytes(r.u8());
          break;
        case OVERLAPPED_ROLLBACK_FLAG:
          overlapped = true;
          break;
        case GC_FENCE_PREFIX:
          gcFence = r.u64();
          break;
        case LAST_CHANGE_PREFIX:
          r.u64();
          r.varU64();
          break;
        case TXN_SOURCE_PREFIX:
          r.varU64();
          break;
        default:
          break parsing;
      }
    }
    return new Write(type, startTs, shortValue, overlapped, gcFence);
  }

  @Override
  public String toString() {
    return "Write{" + type + ", start_ts=" + startTs
        + (shortValue != null ? ", short=" + shortValue.length + "B" : "")
        + (hasOverlappedRollback ? ", overlapped-rollback" : "")
        + (gcFence != null ? ", gc_fence=" + gcFence : "") + "}";
  }
}
