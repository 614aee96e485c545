package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
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
 * KvTxnHeartBeat: keeps a long transaction alive by raising its primary lock's TTL to
 * {@code advise_lock_ttl} (never lowering it); answers the resulting TTL, or
 * {@code txn_not_found} when the primary no longer holds the transaction's lock.
 */
public final class TxnHeartBeatCommand implements WriteCommand<Kvrpcpb.TxnHeartBeatResponse> {

  private final Kvrpcpb.TxnHeartBeatRequest req;

  public TxnHeartBeatCommand(Kvrpcpb.TxnHeartBeatRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return List.of(CommandKeys.encode(req.getPrimaryLock()));
  }

  @Override
  public long writeBytes() {
    return req.getPrimaryLock().size();
  }

  @Override
  public String tag() {
    return "txn_heart_beat";
  }

  @Override
  public WriteResult<Kvrpcpb.TxnHeartBeatResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    byte[] primary = CommandKeys.encode(req.getPrimaryLock());
    try (MvccReader reader = new MvccReader(snapshot)) {
      Lock lock = reader.loadLock(primary);
      if (lock == null || lock.startTs() != req.getStartVersion()) {
        throw new MvccError.TxnNotFound(req.getStartVersion(), req.getPrimaryLock().toByteArray());
      }
      MvccTxn txn = new MvccTxn();
      if (lock.ttl() < req.getAdviseLockTtl()) {
        lock = lock.withTtl(req.getAdviseLockTtl());
        txn.putLock(primary, lock);
      }
      return new WriteResult<>(txn.modifies(),
          Kvrpcpb.TxnHeartBeatResponse.newBuilder().setLockTtl(lock.ttl()).build());
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.TxnHeartBeatResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }
}
