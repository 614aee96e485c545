package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.LockConflicts;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.PointGetter;
import io.kiln.storage.mvcc.ReadOptions;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.ReadCommand;
import io.kiln.storage.txn.TxnContext;

/**
 * KvGet: the value of one key at {@code version}. Raises max_ts to the read ts, checks the memory
 * locks of async-commit prewrites, then reads with the point getter's lock check.
 */
public final class GetCommand implements ReadCommand<Kvrpcpb.GetResponse> {

  private final Kvrpcpb.GetRequest req;

  public GetCommand(Kvrpcpb.GetRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public String tag() {
    return "get";
  }

  @Override
  public Kvrpcpb.GetResponse processRead(RegionSnapshot snapshot, TxnContext context) {
    ReadOptions opts = ReadOptions.of(req.getContext(), req.getVersion());
    byte[] key = CommandKeys.encode(req.getKey());
    Kvrpcpb.GetResponse.Builder resp = Kvrpcpb.GetResponse.newBuilder();
    try {
      context.concurrencyManager().updateMaxTs(opts.ts());
      context.concurrencyManager().readKeyCheck(key, (k, lock) -> LockConflicts.check(lock, k, opts));
      byte[] value;
      try (MvccReader reader = new MvccReader(snapshot)) {
        value = new PointGetter(reader, opts).get(key);
      }
      if (value == null) {
        resp.setNotFound(true);
      } else {
        resp.setValue(ByteString.copyFrom(value));
      }
    } catch (MvccError e) {
      resp.setError(KeyErrors.of(e));
    }
    return resp.build();
  }
}
