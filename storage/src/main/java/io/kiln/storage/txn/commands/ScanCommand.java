package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.KvEntry;
import io.kiln.storage.mvcc.LockConflicts;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.ReadOptions;
import io.kiln.storage.mvcc.VersionScanner;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.ReadCommand;
import io.kiln.storage.txn.TxnContext;

/**
 * KvScan: up to {@code limit} visible pairs at {@code version}, forward from {@code start_key}
 * (inclusive) to {@code end_key} (exclusive), or, with {@code reverse}, backward from
 * {@code start_key} (exclusive) down to {@code end_key} (inclusive), as TiKV reads the range.
 * {@code key_only} leaves values empty; {@code sample_step} n > 1 returns every n-th pair. A key
 * blocked by a lock is a pair with an error and counts towards the limit.
 */
public final class ScanCommand implements ReadCommand<Kvrpcpb.ScanResponse> {

  private final Kvrpcpb.ScanRequest req;

  public ScanCommand(Kvrpcpb.ScanRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public String tag() {
    return "scan";
  }

  @Override
  public Kvrpcpb.ScanResponse processRead(RegionSnapshot snapshot, TxnContext context) {
    ReadOptions opts = ReadOptions.of(req.getContext(), req.getVersion());
    byte[] lower = CommandKeys.bound(req.getReverse() ? req.getEndKey() : req.getStartKey());
    byte[] upper = CommandKeys.bound(req.getReverse() ? req.getStartKey() : req.getEndKey());
    Kvrpcpb.ScanResponse.Builder resp = Kvrpcpb.ScanResponse.newBuilder();
    try {
      context.concurrencyManager().updateMaxTs(opts.ts());
      context.concurrencyManager().readRangeCheck(lower, upper,
          (k, lock) -> LockConflicts.check(lock, k, opts));
    } catch (MvccError e) {
      return resp.setError(KeyErrors.of(e)).build();
    }
    int limit = req.getLimit();
    int step = Math.max(1, req.getSampleStep());
    long seen = 0;
    try (VersionScanner scanner = new VersionScanner(snapshot, opts, lower, upper,
        req.getReverse(), req.getKeyOnly())) {
      while (resp.getPairsCount() < limit) {
        Kvrpcpb.KvPair.Builder pair;
        try {
          KvEntry e = scanner.next();
          if (e == null) {
            break;
          }
          pair = Kvrpcpb.KvPair.newBuilder()
              .setKey(ByteString.copyFrom(KeyCodec.decode(e.key())))
              .setValue(ByteString.copyFrom(e.value()));
        } catch (MvccError.KeyIsLocked locked) {
          pair = Kvrpcpb.KvPair.newBuilder().setKey(locked.lockInfo().getKey())
              .setError(KeyErrors.of(locked));
        }
        if (seen++ % step == 0) {
          resp.addPairs(pair);
        }
      }
    } catch (MvccError e) {
      return Kvrpcpb.ScanResponse.newBuilder().setError(KeyErrors.of(e)).build();
    }
    return resp.build();
  }
}
