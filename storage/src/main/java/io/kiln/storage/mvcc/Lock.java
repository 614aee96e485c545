package io.kiln.storage.mvcc;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import java.util.ArrayList;
import java.util.List;

/**
 * A Percolator lock, the value of a lock CF entry, in TiKV's binary format (txn_types
 * {@code Lock::to_bytes}): the type flag, the primary as compact bytes, start_ts and ttl as
 * varints, then optional tagged fields in a fixed order: {@code 'v'} short value (u8 length +
 * bytes), {@code 'f'} for_update_ts, {@code 't'} txn_size, {@code 'c'} min_commit_ts (big-endian
 * u64 each), {@code 'a'} async commit (varint count + compact-bytes secondaries), {@code 'r'}
 * rollback timestamps (varint count + u64 each). Tags Kiln does not use (last change, txn source,
 * generation...) are skipped when parsing; an unknown tag ends parsing, as in TiKV.
 *
 * @param primary the primary key, raw (not encoded)
 * @param shortValue the value of a Put of at most {@link Write#SHORT_VALUE_MAX_LEN} bytes, else null
 * @param secondaries the raw secondary keys, on an async-commit primary only
 * @param rollbackTs start timestamps of other transactions rolled back on this key while the
 *     lock was present (async commit), so a commit at one of them marks its record overlapped
 */
public record Lock(LockType type, byte[] primary, long startTs, long ttl, byte[] shortValue,
    long forUpdateTs, long txnSize, long minCommitTs, boolean useAsyncCommit,
    List<byte[]> secondaries, List<Long> rollbackTs) {

  static final int SHORT_VALUE_PREFIX = 'v';
  static final int FOR_UPDATE_TS_PREFIX = 'f';
  static final int TXN_SIZE_PREFIX = 't';
  static final int MIN_COMMIT_TS_PREFIX = 'c';
  static final int ASYNC_COMMIT_PREFIX = 'a';
  static final int ROLLBACK_TS_PREFIX = 'r';
  static final int LAST_CHANGE_PREFIX = 'l';
  static final int TXN_SOURCE_PREFIX = 's';
  static final int LOCKED_WITH_CONFLICT_PREFIX = 'F';
  static final int GENERATION_PREFIX = 'g';

  public Lock {
    secondaries = List.copyOf(secondaries);
    rollbackTs = List.copyOf(rollbackTs);
  }

  /** A lock with no optional fields. */
  public Lock(LockType type, byte[] primary, long startTs, long ttl) {
    this(type, primary, startTs, ttl, null, 0, 0, 0, false, List.of(), List.of());
  }

  public boolean isPessimisticLock() {
    return type == LockType.PESSIMISTIC;
  }

  /** A lock of a pessimistic transaction (it has a for_update_ts). */
  public boolean isPessimisticTxn() {
    return forUpdateTs != 0;
  }

  public Lock withTtl(long newTtl) {
    return new Lock(type, primary, startTs, newTtl, shortValue, forUpdateTs, txnSize, minCommitTs,
        useAsyncCommit, secondaries, rollbackTs);
  }

  public Lock withMinCommitTs(long ts) {
    return new Lock(type, primary, startTs, ttl, shortValue, forUpdateTs, txnSize, ts,
        useAsyncCommit, secondaries, rollbackTs);
  }

  public Lock withAsyncCommit(List<byte[]> newSecondaries) {
    return new Lock(type, primary, startTs, ttl, shortValue, forUpdateTs, txnSize, minCommitTs,
        true, newSecondaries, rollbackTs);
  }

  public Lock withoutAsyncCommit() {
    return new Lock(type, primary, startTs, ttl, shortValue, forUpdateTs, txnSize, minCommitTs,
        false, List.of(), rollbackTs);
  }

  public Lock withRollbackTs(long ts) {
    List<Long> r = new ArrayList<>(rollbackTs);
    r.add(ts);
    return new Lock(type, primary, startTs, ttl, shortValue, forUpdateTs, txnSize, minCommitTs,
        useAsyncCommit, secondaries, r);
  }

  public byte[] toBytes() {
    ValueWriter w = new ValueWriter();
    w.put(type.flag()).putCompactBytes(primary).putVarU64(startTs).putVarU64(ttl);
    if (shortValue != null) {
      w.put(SHORT_VALUE_PREFIX).put(shortValue.length).putBytes(shortValue);
    }
    if (forUpdateTs != 0) {
      w.put(FOR_UPDATE_TS_PREFIX).putU64(forUpdateTs);
    }
    if (txnSize != 0) {
      w.put(TXN_SIZE_PREFIX).putU64(txnSize);
    }
    if (minCommitTs != 0) {
      w.put(MIN_COMMIT_TS_PREFIX).putU64(minCommitTs);
    }
    if (useAsyncCommit) {
      w.put(ASYNC_COMMIT_PREFIX).putVarU64(secondaries.size());
      for (byte[] k : secondaries) {
        w.putCompactBytes(k);
      }
    }
    if (!rollbackTs.isEmpty()) {
      w.put(ROLLBACK_TS_PREFIX).putVarU64(rollbackTs.size());
      for (long ts : rollbackTs) {
        w.putU64(ts);
      }
    }
    return w.toBytes();
  }

  public static Lock parse(byte[] value) {
    if (value == null || value.length == 0) {
      throw new MvccError.BadFormat("empty lock value");
    }
    ValueReader r = new ValueReader(value);
    LockType type = LockType.fromFlag(r.u8());
    byte[] primary = r.compactBytes();
    long startTs = r.varU64();
    long ttl = r.isEmpty() ? 0 : r.varU64();
    byte[] shortValue = null;
    long forUpdateTs = 0;
    long txnSize = 0;
    long minCommitTs = 0;
    boolean async = false;
    List<byte[]> secondaries = new ArrayList<>();
    List<Long> rollbackTs = new ArrayList<>();
    parsing:
    while (!r.isEmpty()) {
      int tag = r.u8();
      switch (tag) {
        case SHORT_VALUE_PREFIX:
          shortValue = r.bytes(r.u8());
          break;
        case FOR_UPDATE_TS_PREFIX:
          forUpdateTs = r.u64();
          break;
        case TXN_SIZE_PREFIX:
          txnSize = r.u64();
          break;
        case MIN_COMMIT_TS_PREFIX:
          minCommitTs = r.u64();
          break;
        case ASYNC_COMMIT_PREFIX:
          async = true;
          for (long n = r.varU64(); n > 0; n--) {
            secondaries.add(r.compactBytes());
          }
          break;
        case ROLLBACK_TS_PREFIX:
          for (long n = r.varU64(); n > 0; n--) {
            rollbackTs.add(r.u64());
          }
          break;
        case LAST_CHANGE_PREFIX:
          r.u64();
          r.varU64();
          break;
        case TXN_SOURCE_PREFIX:
          r.varU64();
          break;
        case LOCKED_WITH_CONFLICT_PREFIX:
          break;
        case GENERATION_PREFIX:
          r.u64();
          break;
        default:
          break parsing;
      }
    }
    return new Lock(type, primary, startTs, ttl, shortValue, forUpdateTs, txnSize, minCommitTs,
        async, secondaries, rollbackTs);
  }

  /** The lock as a client sees it ({@code Lock::into_lock_info}); {@code rawKey} is the locked key. */
  public Kvrpcpb.LockInfo toLockInfo(byte[] rawKey) {
    Kvrpcpb.LockInfo.Builder b = Kvrpcpb.LockInfo.newBuilder()
        .setPrimaryLock(ByteString.copyFrom(primary))
        .setLockVersion(startTs)
        .setKey(ByteString.copyFrom(rawKey))
        .setLockTtl(ttl)
        .setTxnSize(txnSize)
        .setLockType(type.op())
        .setLockForUpdateTs(forUpdateTs)
        .setUseAsyncCommit(useAsyncCommit)
        .setMinCommitTs(minCommitTs);
    for (byte[] s : secondaries) {
      b.addSecondaries(ByteString.copyFrom(s));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "Lock{" + type + ", primary=" + KeyCodec.hex(primary) + ", start_ts=" + startTs
        + ", ttl=" + ttl + ", for_update_ts=" + forUpdateTs + ", min_commit_ts=" + minCommitTs
        + (useAsyncCommit ? ", async(" + secondaries.size() + ")" : "") + "}";
  }
}
