package io.kiln.storage.txn.actions;

import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.concurrency.ConcurrencyManager;
import io.kiln.storage.concurrency.KeyHandleGuard;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.ReadOptions;
import io.kiln.storage.mvcc.TxnCommitRecord;
import io.kiln.storage.mvcc.VersionedWrite;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import java.util.Arrays;
import java.util.List;

/**
 * Prewriting one mutation (TiKV's {@code actions::prewrite}): check the key's lock, check for
 * newer writes and constraints, then lock the key (staging a long value in the default CF).
 *
 * <ul>
 *   <li>Another transaction's lock: {@link MvccError.KeyIsLocked} (or
 *       {@link MvccError.PessimisticLockNotFound} for a pessimistic-flagged mutation).
 *   <li>Our own lock already prewritten: a repeated request, nothing to do.
 *   <li>Our own pessimistic lock: it is replaced by the prewrite lock; no conflict checks (the
 *       pessimistic lock did them).
 *   <li>Optimistic: a record committed after start_ts, or our own rollback record, is a
 *       {@link MvccError.WriteConflict}; Insert and CheckNotExists fail with
 *       {@link MvccError.AlreadyExist} on a visible value.
 *   <li>Async commit and 1PC: the lock also goes into the memory lock table, with
 *       min_commit_ts = max(max_ts, start_ts, for_update_ts) + 1, so no reader that already read
 *       at a higher ts can miss it.
 * </ul>
 */
public final class Prewrite {

  private Prewrite() {}

  public static PrewriteOutcome prewrite(MvccTxn txn, MvccReader reader, ConcurrencyManager cm,
      PrewriteProps props, Kvrpcpb.Mutation mutation, boolean isPessimisticLock) {
    byte[] raw = mutation.getKey().toByteArray();
    byte[] key = KeyCodec.encode(raw);
    long startTs = props.startTs();
    boolean shouldNotExist = mutation.getOp() == Kvrpcpb.Op.Insert
        || mutation.getOp() == Kvrpcpb.Op.CheckNotExists;

    Lock existing = reader.loadLock(key);
    boolean replacingPessimistic = false;
    long lockTtl = props.lockTtl();
    if (existing != null) {
      if (existing.startTs() != startTs) {
        if (isPessimisticLock) {
          throw new MvccError.PessimisticLockNotFound(startTs, raw);
        }
        throw new MvccError.KeyIsLocked(existing.toLockInfo(raw));
      }
      if (!existing.isPessimisticLock()) {
        // our own prewrite lock: a repeated request
        long min = existing.useAsyncCommit() ? existing.minCommitTs() : 0;
        return new PrewriteOutcome(key, null, false, min, 0);
      }
      replacingPessimistic = true;
      lockTtl = Math.max(lockTtl, existing.ttl());
    } else if (isPessimisticLock) {
      TxnCommitRecord record = reader.getTxnCommitRecord(key, startTs);
      if (record.committedTs() != 0) {
        return new PrewriteOutcome(key, null, false, 0, record.committedTs());
      }
      throw new MvccError.PessimisticLockNotFound(startTs, raw);
    }

    if (!replacingPessimistic && !props.isPessimistic() && !props.skipConstraintCheck()) {
      VersionedWrite newest = reader.seekWrite(key, ReadOptions.MAX_TS);
      if (newest != null) {
        Write w = newest.write();
        if (w.startTs() == startTs && w.type() != WriteType.ROLLBACK) {
          return new PrewriteOutcome(key, null, false, 0, newest.commitTs()); // committed already
        }
        boolean selfRolledBack = newest.commitTs() == startTs
            && (w.type() == WriteType.ROLLBACK || w.hasOverlappedRollback());
        if (newest.commitTs() > startTs || selfRolledBack) {
          throw new MvccError.WriteConflict(startTs, w.startTs(), newest.commitTs(), raw,
              props.primary());
        }
      }
    }
    if (shouldNotExist && !replacingPessimistic) {
      if (reader.getWrite(key, ReadOptions.MAX_TS) != null) {
        throw new MvccError.AlreadyExist(raw);
      }
    }

    LockType type = LockType.fromMutationOp(mutation.getOp());
    if (type == null) {
      return new PrewriteOutcome(key, null, false, 0, 0); // CheckNotExists locks nothing
    }
    byte[] shortValue = null;
    if (type == LockType.PUT) {
      byte[] value = mutation.getValue().toByteArray();
      if (value.length <= Write.SHORT_VALUE_MAX_LEN) {
        shortValue = value;
      } else {
        txn.putValue(key, startTs, value);
      }
    }
    Lock lock = new Lock(type, props.primary(), startTs, lockTtl, shortValue, props.forUpdateTs(),
        props.txnSize(), props.minCommitTs(), false, List.of(), List.of());

    long minCommitTs = 0;
    if (props.commitKind() != CommitKind.TWO_PC) {
      if (props.commitKind() == CommitKind.ASYNC_COMMIT) {
        boolean primary = Arrays.equals(raw, props.primary());
        lock = lock.withAsyncCommit(primary ? props.secondaries() : List.of());
      }
      KeyHandleGuard guard = cm.lockKey(key);
      txn.addGuard(guard);
      Lock base = lock;
      Lock locked = guard.withLock(ignored -> {
        long floor = Math.max(Math.max(cm.maxTs(), startTs), props.forUpdateTs()) + 1;
        return base.withMinCommitTs(Math.max(floor, base.minCommitTs()));
      });
      minCommitTs = locked.minCommitTs();
      if (props.maxCommitTs() != 0 && minCommitTs > props.maxCommitTs()) {
        throw new MvccError.CommitTsTooLarge(startTs, minCommitTs, props.maxCommitTs());
      }
      lock = locked;
    }
    if (props.commitKind() != CommitKind.ONE_PC) {
      txn.putLock(key, lock);
    }
    return new PrewriteOutcome(key, lock, replacingPessimistic, minCommitTs, 0);
  }
}
