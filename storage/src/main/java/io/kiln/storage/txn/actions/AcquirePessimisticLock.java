package io.kiln.storage.txn.actions;

import io.kiln.storage.concurrency.ConcurrencyManager;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.ReadOptions;
import io.kiln.storage.mvcc.VersionedWrite;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import java.util.List;

/**
 * Acquiring the pessimistic lock of one key (TiKV's {@code actions::acquire_pessimistic_lock}).
 * A pessimistic transaction reads at its for_update_ts (read committed for each statement), so a
 * lock is granted only if nothing was committed on the key after that timestamp.
 *
 * <ul>
 *   <li>Another transaction's lock: {@link MvccError.KeyIsLocked} (the caller does not wait).
 *   <li>This transaction's prewrite lock: {@link MvccError.LockTypeNotMatch}.
 *   <li>This transaction's pessimistic lock: a repeated or later statement. A larger
 *       for_update_ts rewrites the lock with it (and with this request's TTL and min_commit_ts);
 *       an equal or smaller one keeps the lock as it is. Values and constraints are read at the
 *       effective for_update_ts; the conflict checks were done when the lock was taken.
 *   <li>No lock: a record committed after for_update_ts is a {@link MvccError.WriteConflict}
 *       (TiKV's reason {@code PessimisticRetry}: the statement retries with a newer
 *       for_update_ts); a rollback record of this transaction at start_ts (or a record flagged
 *       with an overlapped rollback there) is {@link PessimisticLockRolledBack}; a
 *       {@code should_not_exist} key with a visible value is {@link MvccError.AlreadyExist}.
 *       Otherwise a {@link LockType#PESSIMISTIC} lock without a value is put in CF lock.
 * </ul>
 *
 * <p>A request that reads (should_not_exist, return_values or check_existence) first raises the
 * store's max_ts to for_update_ts, so an async-commit transaction cannot later commit below a
 * value this request reported.
 */
public final class AcquirePessimisticLock {

  private AcquirePessimisticLock() {}

  /**
   * Locks encoded {@code key} for {@code props}' transaction, buffering the lock in {@code txn}.
   *
   * @throws MvccError.KeyIsLocked if another transaction holds the key
   * @throws MvccError.WriteConflict if a commit newer than for_update_ts exists
   * @throws MvccError.AlreadyExist if {@code shouldNotExist} and the key has a value
   * @throws MvccError.LockTypeNotMatch if this transaction already prewrote the key
   * @throws PessimisticLockRolledBack if this transaction was rolled back on the key
   */
  public static PessimisticLockKeyResult acquire(MvccTxn txn, MvccReader reader,
      ConcurrencyManager cm, PessimisticLockProps props, byte[] key, boolean shouldNotExist) {
    long startTs = props.startTs();
    long forUpdateTs = props.forUpdateTs();
    boolean needValue = props.needValue();
    boolean needExistence = props.needCheckExistence();
    if (shouldNotExist || needValue || needExistence) {
      cm.updateMaxTs(forUpdateTs);
    }

    Lock existing = reader.loadLock(key);
    if (existing != null) {
      return onExistingLock(txn, reader, props, key, shouldNotExist, existing);
    }

    byte[] value = null;
    VersionedWrite newest = reader.seekWrite(key, ReadOptions.MAX_TS);
    if (newest != null) {
      long commitTs = newest.commitTs();
      Write write = newest.write();
      if (commitTs > forUpdateTs) {
        throw new MvccError.WriteConflict(startTs, write.startTs(), commitTs,
            KeyCodec.decode(key), props.primary());
      }
      if (commitTs == startTs && rollsBack(write)) {
        throw PessimisticLockRolledBack.onEncodedKey(startTs, key);
      }
      if (commitTs > startTs) {
        VersionedWrite older = reader.seekWrite(key, startTs);
        if (older != null && older.commitTs() == startTs && rollsBack(older.write())) {
          throw PessimisticLockRolledBack.onEncodedKey(startTs, key);
        }
      }
      checkNotExists(reader, shouldNotExist, write, commitTs, key);
      if (needValue || needExistence) {
        value = valueBelowNewest(reader, key, newest, startTs, needValue);
      }
    }
    txn.putLock(key, pessimisticLock(props));
    return PessimisticLockKeyResult.of(needValue, needExistence, value);
  }

  /** The key holds {@code lock}: ours (refresh or keep it) or another's (locked). */
  private static PessimisticLockKeyResult onExistingLock(MvccTxn txn, MvccReader reader,
      PessimisticLockProps props, byte[] key, boolean shouldNotExist, Lock lock) {
    long startTs = props.startTs();
    if (lock.startTs() != startTs) {
      throw new MvccError.KeyIsLocked(lock.toLockInfo(KeyCodec.decode(key)));
    }
    if (!lock.isPessimisticLock()) {
      throw new MvccError.LockTypeNotMatch(startTs, KeyCodec.decode(key), false);
    }
    long forUpdateTs = props.forUpdateTs();
    byte[] value = null;
    if (props.needValue() || props.needCheckExistence() || shouldNotExist) {
      VersionedWrite visible = reader.getWrite(key, forUpdateTs);
      if (visible != null) {
        // getWrite only returns a Put: the key has a value at for_update_ts
        if (shouldNotExist) {
          throw new MvccError.AlreadyExist(KeyCodec.decode(key));
        }
        value = props.needValue() ? reader.loadData(key, visible.write()) : new byte[0];
      }
    }
    if (forUpdateTs > lock.forUpdateTs()) {
      txn.putLock(key, pessimisticLock(props));
    }
    return PessimisticLockKeyResult.of(props.needValue(), props.needCheckExistence(), value);
  }

  /** A Rollback record, or another transaction's record that also stands for our rollback. */
  private static boolean rollsBack(Write write) {
    return write.type() == WriteType.ROLLBACK || write.hasOverlappedRollback();
  }

  /**
   * TiKV's {@code check_data_constraint} with {@code newest} as the key's newest record: a Put,
   * or a Lock/Rollback record above an older visible Put, means the key exists. A Delete, or a
   * record fenced by GC (a version GC left behind after a newer delete), means it does not.
   */
  private static void checkNotExists(MvccReader reader, boolean shouldNotExist, Write newest,
      long commitTs, byte[] key) {
    boolean fenced = newest.gcFence() != null && newest.gcFence() != 0;
    if (!shouldNotExist || newest.type() == WriteType.DELETE || fenced) {
      return;
    }
    if (newest.type() == WriteType.PUT || reader.getWrite(key, commitTs - 1) != null) {
      throw new MvccError.AlreadyExist(KeyCodec.decode(key));
    }
  }

  /**
   * The key's newest value given its newest record: the Put's value, nothing after a Delete (or
   * a fenced Put), or the value below a Lock/Rollback record. With {@code load} false only the
   * existence matters, and an empty array stands for "exists".
   */
  private static byte[] valueBelowNewest(MvccReader reader, byte[] key, VersionedWrite newest,
      long startTs, boolean load) {
    Write write = newest.write();
    switch (write.type()) {
      case PUT:
        if (!write.isLatestVersionAt(startTs)) {
          return null;
        }
        return load ? reader.loadData(key, write) : new byte[0];
      case DELETE:
        return null;
      default:
        VersionedWrite below = reader.getWrite(key, newest.commitTs() - 1);
        if (below == null) {
          return null;
        }
        return load ? reader.loadData(key, below.write()) : new byte[0];
    }
  }

  /** The lock this request leaves: type Pessimistic, no value, the request's timestamps. */
  private static Lock pessimisticLock(PessimisticLockProps props) {
    return new Lock(LockType.PESSIMISTIC, props.primary(), props.startTs(), props.lockTtl(), null,
        props.forUpdateTs(), 0, props.minCommitTs(), false, List.of(), List.of());
  }
}
