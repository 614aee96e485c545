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
import java.util.List;

/**
 * KvBatchGet: the values of several keys at {@code version}. Found keys become pairs; a key
 * blocked by a lock becomes a pair carrying the error (as TiKV answers); absent keys are left
 * out. A memory lock in the way fails the whole request ({@code error}).
 */
public final class BatchGetCommand implements ReadCommand<Kvrpcpb.BatchGetResponse> {

  private final Kvrpcpb.BatchGetRequest req;

  public BatchGetCommand(Kvrpcpb.BatchGetRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public String tag() {
    return "batch_get";
  }

  @Override
  public Kvrpcpb.BatchGetResponse processRead(RegionSnapshot snapshot, TxnContext context) {
    ReadOptions opts = ReadOptions.of(req.getContext(), req.getVersion());
    List<byte[]> keys = CommandKeys.encodeAll(req.getKeysList());
    Kvrpcpb.BatchGetResponse.Builder resp = Kvrpcpb.BatchGetResponse.newBuilder();
    try {
      context.concurrencyManager().updateMaxTs(opts.ts());
      for (byte[] key : keys) {
        context.concurrencyManager().readKeyCheck(key, (k, lock) -> LockConflicts.check(lock, k, opts));
      }
    } catch (MvccError e) {
      return resp.setError(KeyErrors.of(e)).build();
    }
    try (MvccReader reader = new MvccReader(snapshot)) {
      PointGetter getter = new PointGetter(reader, opts);
      for (int i = 0; i < keys.size(); i++) {
        ByteString raw = req.getKeys(i);
        try {
          byte[] value = getter.get(keys.get(i));
          if (value != null) {
            resp.addPairs(Kvrpcpb.KvPair.newBuilder().setKey(raw).setValue(ByteString.copyFrom(value)));
          }
        } catch (MvccError.KeyIsLocked e) {
          resp.addPairs(Kvrpcpb.KvPair.newBuilder().setKey(raw).setError(KeyErrors.of(e)));
        }
      }
    } catch (MvccError e) {
      return Kvrpcpb.BatchGetResponse.newBuilder().setError(KeyErrors.of(e)).build();
    }
    return resp.build();
  }
}
