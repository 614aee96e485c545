package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.ReadOptions;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import io.kiln.storage.txn.actions.CheckTxnStatus;
import io.kiln.storage.txn.actions.MissingLockAction;
import io.kiln.storage.txn.actions.TxnStatus;
import java.util.Collection;
import java.util.List;

/**
 * KvCheckTxnStatus: the fate of the transaction {@code lock_ts} from its primary key, settling it
 * if it can: an expired lock (TTL against {@code current_ts}) is rolled back, a missing one gets a
 * protected rollback record if {@code rollback_if_not_exist} (else {@code txn_not_found}), and a
 * live lock's min_commit_ts is pushed past {@code caller_start_ts}. Async-commit locks are only
 * reported unless {@code force_sync_commit}. The answer: {@code commit_version} if committed, else
 * {@code lock_ttl}/{@code lock_info} for a live lock, and the {@code action} taken.
 */
public final class CheckTxnStatusCommand implements WriteCommand<Kvrpcpb.CheckTxnStatusResponse> {

  private final Kvrpcpb.CheckTxnStatusRequest req;

  public CheckTxnStatusCommand(Kvrpcpb.CheckTxnStatusRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return List.of(CommandKeys.encode(req.getPrimaryKey()));
  }

  @Override
  public long writeBytes() {
    return req.getPrimaryKey().size();
  }

  @Override
  public String tag() {
    return "check_txn_status";
  }

  @Override
  public WriteResult<Kvrpcpb.CheckTxnStatusResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    long lockTs = req.getLockTs();
    long callerStartTs = ReadOptions.normalizeTs(req.getCallerStartTs());
    long currentTs = ReadOptions.normalizeTs(req.getCurrentTs());
    // A commit must not land on a protected rollback this check may write: keep max_ts above.
    long newMaxTs = lockTs;
    if (currentTs != ReadOptions.MAX_TS) {
      newMaxTs = Math.max(newMaxTs, currentTs);
    }
    if (callerStartTs != ReadOptions.MAX_TS) {
      newMaxTs = Math.max(newMaxTs, callerStartTs);
    }
    context.concurrencyManager().updateMaxTs(newMaxTs);

    byte[] primary = CommandKeys.encode(req.getPrimaryKey());
    try (MvccReader reader = new MvccReader(snapshot)) {
      MvccTxn txn = new MvccTxn();
      Lock lock = reader.loadLock(primary);
      TxnStatus status;
      if (lock != null && lock.startTs() == lockTs) {
        status = CheckTxnStatus.lockExists(txn, reader, primary, lock, currentTs, callerStartTs,
            req.getForceSyncCommit(), req.getResolvingPessimisticLock());
      } else {
        status = CheckTxnStatus.missingLock(txn, reader, primary, lockTs, lock,
            MissingLockAction.rollbackIfNotExist(req.getRollbackIfNotExist()),
            req.getResolvingPessimisticLock());
      }
      return new WriteResult<>(txn.modifies(), respond(status));
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.CheckTxnStatusResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }

  private Kvrpcpb.CheckTxnStatusResponse respond(TxnStatus status) {
    Kvrpcpb.CheckTxnStatusResponse.Builder b = Kvrpcpb.CheckTxnStatusResponse.newBuilder();
    if (status instanceof TxnStatus.RolledBack) {
      b.setAction(Kvrpcpb.Action.NoAction);
    } else if (status instanceof TxnStatus.TtlExpire) {
      b.setAction(Kvrpcpb.Action.TTLExpireRollback);
    } else if (status instanceof TxnStatus.LockNotExist) {
      b.setAction(Kvrpcpb.Action.LockNotExistRollback);
    } else if (status instanceof TxnStatus.Committed c) {
      b.setCommitVersion(c.commitTs());
    } else if (status instanceof TxnStatus.Uncommitted u) {
      if (u.minCommitTsPushed()) {
        b.setAction(Kvrpcpb.Action.MinCommitTSPushed);
      }
      b.setLockTtl(u.lock().ttl());
      b.setLockInfo(u.lock().toLockInfo(u.lock().primary()));
    } else if (status instanceof TxnStatus.PessimisticRollBack) {
      b.setAction(Kvrpcpb.Action.TTLExpirePessimisticRollback);
    } else {
      b.setAction(Kvrpcpb.Action.LockNotExistDoNothing);
    }
    return b.build();
  }
}
