package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.TxnCommitRecord;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import io.kiln.storage.txn.actions.Rollback;
import java.util.Collection;
import java.util.List;

/**
 * KvCheckSecondaryLocks: how an async-commit transaction {@code start_version} stands on its
 * secondary {@code keys}. While every key is still locked by a prewrite lock, answers the locks
 * (the resolver then commits at the max of their min_commit_ts). The first key found committed
 * answers its {@code commit_ts}; the first found rolled back, or with no lock and no record
 * (a protected rollback record is written so the prewrite can never succeed), or with only a
 * pessimistic lock (removed and rolled back), answers neither locks nor commit_ts.
 */
public final class CheckSecondaryLocksCommand
    implements WriteCommand<Kvrpcpb.CheckSecondaryLocksResponse> {

  private final Kvrpcpb.CheckSecondaryLocksRequest req;

  public CheckSecondaryLocksCommand(Kvrpcpb.CheckSecondaryLocksRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return CommandKeys.encodeAll(req.getKeysList());
  }

  @Override
  public long writeBytes() {
    return CommandKeys.size(req.getKeysList());
  }

  @Override
  public String tag() {
    return "check_secondary_locks";
  }

  @Override
  public WriteResult<Kvrpcpb.CheckSecondaryLocksResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    long startTs = req.getStartVersion();
    // a commit must never land on the protected rollback this check may write
    context.concurrencyManager().updateMaxTs(startTs);
    Kvrpcpb.CheckSecondaryLocksResponse.Builder resp = Kvrpcpb.CheckSecondaryLocksResponse.newBuilder();
    try (MvccReader reader = new MvccReader(snapshot)) {
      MvccTxn txn = new MvccTxn();
      for (byte[] key : latchKeys()) {
        Lock lock = reader.loadLock(key);
        boolean needRollback = false;
        Write overlapped = null;
        Lock mismatch = null;
        if (lock != null && lock.startTs() == startTs) {
          if (!lock.isPessimisticLock()) {
            resp.addLocks(lock.toLockInfo(KeyCodec.decode(key)));
            continue;
          }
          txn.unlockKey(key);
          TxnCommitRecord record = reader.getTxnCommitRecord(key, startTs);
          overlapped = record instanceof TxnCommitRecord.None n ? n.overlappedWrite() : null;
          needRollback = true;
        } else {
          mismatch = lock;
          TxnCommitRecord record = reader.getTxnCommitRecord(key, startTs);
          if (record instanceof TxnCommitRecord.SingleRecord s && s.write().type() != WriteType.ROLLBACK) {
            resp.clearLocks().setCommitTs(s.commitTs());
            return new WriteResult<>(txn.modifies(), resp.build());
          }
          if (record instanceof TxnCommitRecord.None n) {
            needRollback = true;
            overlapped = n.overlappedWrite();
          }
        }
        if (needRollback) {
          if (mismatch != null) {
            Rollback.markRollbackOnMismatchingLock(txn, key, mismatch, startTs, true);
          }
          Write rollback = Rollback.makeRollback(startTs, true, overlapped);
          if (rollback != null) {
            txn.putWrite(key, startTs, rollback);
            Rollback.collapsePrevRollback(txn, reader, key, startTs);
          }
        }
        // rolled back: the transaction cannot commit, stop here
        resp.clearLocks();
        return new WriteResult<>(txn.modifies(), resp.build());
      }
      return new WriteResult<>(txn.modifies(), resp.build());
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.CheckSecondaryLocksResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }
}
