package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyLock;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import java.util.Collection;
import java.util.List;

/**
 * KvResolveLock with {@code keys} (TiKV's {@code ResolveLockLite}): commits the transaction
 * {@code startTs} at {@code commitTs} on just those keys, or rolls it back there (commit_ts 0),
 * in one write under their latches.
 */
public final class ResolveLockLiteCommand implements WriteCommand<Kvrpcpb.ResolveLockResponse> {

  private final Kvrpcpb.Context ctx;
  private final long startTs;
  private final long commitTs;
  private final List<byte[]> keys;

  public ResolveLockLiteCommand(Kvrpcpb.Context ctx, long startTs, long commitTs, List<byte[]> keys) {
    this.ctx = ctx;
    this.startTs = startTs;
    this.commitTs = commitTs;
    this.keys = List.copyOf(keys);
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return ctx;
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return keys;
  }

  @Override
  public long writeBytes() {
    return CommandKeys.encodedSize(keys);
  }

  @Override
  public String tag() {
    return "resolve_lock_lite";
  }

  @Override
  public WriteResult<Kvrpcpb.ResolveLockResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    try (MvccReader reader = new MvccReader(snapshot)) {
      MvccTxn txn = new MvccTxn();
      for (byte[] key : keys) {
        Lock lock = reader.loadLock(key);
        Lock own = lock != null && lock.startTs() == startTs ? lock : null;
        ResolveLockCommand.resolve(txn, reader, new KeyLock(key, own), startTs, commitTs);
      }
      return new WriteResult<>(txn.modifies(), Kvrpcpb.ResolveLockResponse.getDefaultInstance());
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.ResolveLockResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }
}
