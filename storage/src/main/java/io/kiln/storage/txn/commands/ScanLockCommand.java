package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.KeyLock;
import io.kiln.storage.mvcc.LockConflicts;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.ReadOptions;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.ReadCommand;
import io.kiln.storage.txn.TxnContext;
import java.util.Set;

/**
 * KvScanLock: the locks with start_ts <= {@code max_version} in {@code [start_key, end_key)}, at
 * most {@code limit} (0: all), for GC and lock resolution. A memory lock of an async-commit
 * prewrite that such a reader would have to see fails the request.
 */
public final class ScanLockCommand implements ReadCommand<Kvrpcpb.ScanLockResponse> {

  private final Kvrpcpb.ScanLockRequest req;

  public ScanLockCommand(Kvrpcpb.ScanLockRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public String tag() {
    return "scan_lock";
  }

  @Override
  public Kvrpcpb.ScanLockResponse processRead(RegionSnapshot snapshot, TxnContext context) {
    long maxTs = req.getMaxVersion();
    byte[] start = CommandKeys.bound(req.getStartKey());
    byte[] end = CommandKeys.bound(req.getEndKey());
    Kvrpcpb.ScanLockResponse.Builder resp = Kvrpcpb.ScanLockResponse.newBuilder();
    try (MvccReader reader = new MvccReader(snapshot)) {
      context.concurrencyManager().updateMaxTs(maxTs);
      ReadOptions opts = new ReadOptions(ReadOptions.normalizeTs(maxTs), Kvrpcpb.IsolationLevel.SI,
          Set.of(), Set.of());
      context.concurrencyManager().readRangeCheck(start, end,
          (k, lock) -> LockConflicts.check(lock, k, opts));
      MvccReader.ScannedLocks locks = reader.scanLocks(start, end,
          lock -> Long.compareUnsigned(lock.startTs(), maxTs) <= 0, req.getLimit());
      for (KeyLock kl : locks.locks()) {
        resp.addLocks(kl.lock().toLockInfo(KeyCodec.decode(kl.key())));
      }
    } catch (MvccError e) {
      return Kvrpcpb.ScanLockResponse.newBuilder().setError(KeyErrors.of(e)).build();
    }
    return resp.build();
  }
}
