package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyLock;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import io.kiln.storage.txn.actions.Cleanup;
import io.kiln.storage.txn.actions.Commit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The write phase of KvResolveLock: under the latches of the keys its read phase found, commits
 * each lock at its transaction's commit_ts or rolls it back (commit_ts 0). If the read phase was
 * cut short, the next read phase continues after the last key. The first error ends the resolve
 * with nothing of this batch written.
 */
public final class ResolveLockCommand implements WriteCommand<Kvrpcpb.ResolveLockResponse> {

  private final Kvrpcpb.Context ctx;
  private final Map<Long, Long> txnStatus;
  private final List<KeyLock> keyLocks;
  private final boolean hasMore;

  public ResolveLockCommand(Kvrpcpb.Context ctx, Map<Long, Long> txnStatus, List<KeyLock> keyLocks,
      boolean hasMore) {
    this.ctx = ctx;
    this.txnStatus = Map.copyOf(txnStatus);
    this.keyLocks = List.copyOf(keyLocks);
    this.hasMore = hasMore;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return ctx;
  }

  @Override
  public Collection<byte[]> latchKeys() {
    List<byte[]> keys = new ArrayList<>(keyLocks.size());
    for (KeyLock kl : keyLocks) {
      keys.add(kl.key());
    }
    return keys;
  }

  @Override
  public long writeBytes() {
    long n = 0;
    for (KeyLock kl : keyLocks) {
      n += kl.key().length;
    }
    return n;
  }

  @Override
  public String tag() {
    return "resolve_lock";
  }

  @Override
  public WriteResult<Kvrpcpb.ResolveLockResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    try (MvccReader reader = new MvccReader(snapshot)) {
      MvccTxn txn = new MvccTxn();
      for (KeyLock kl : keyLocks) {
        long startTs = kl.lock().startTs();
        long commitTs = txnStatus.get(startTs);
        resolve(txn, reader, kl, startTs, commitTs);
      }
      Kvrpcpb.ResolveLockResponse done = Kvrpcpb.ResolveLockResponse.getDefaultInstance();
      WriteCommand<Kvrpcpb.ResolveLockResponse> next = hasMore
          ? new ResolveLockReadPhase(ctx, txnStatus, keyLocks.get(keyLocks.size() - 1).key())
          : null;
      return new WriteResult<>(txn.modifies(), done, List.of(), next);
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.ResolveLockResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }

  /** Commits or rolls back one key; shared with {@link ResolveLockLiteCommand}. */
  static void resolve(MvccTxn txn, MvccReader reader, KeyLock kl, long startTs, long commitTs) {
    if (commitTs == 0) {
      Cleanup.cleanup(txn, reader, kl.key(), startTs, 0, false);
    } else if (commitTs > startTs) {
      try {
        Commit.commit(txn, reader, kl.key(), startTs, commitTs);
      } catch (MvccError.TxnLockNotFound e) {
        // a pessimistic lock of a committed transaction may already be gone
        if (kl.lock() == null || !kl.lock().isPessimisticLock()) {
          throw e;
        }
      }
    } else {
      throw new MvccError.InvalidTxnTso(startTs, commitTs);
    }
  }
}
