package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import io.kiln.storage.txn.actions.Cleanup;
import java.util.Collection;
import java.util.List;

/**
 * KvBatchRollback: rolls back the transaction {@code start_version} on {@code keys}, whatever
 * their TTL, leaving (collapsible) rollback records where it had no lock. A committed key fails
 * the whole command ({@code error.abort}) and nothing is written.
 */
public final class BatchRollbackCommand implements WriteCommand<Kvrpcpb.BatchRollbackResponse> {

  private final Kvrpcpb.BatchRollbackRequest req;

  public BatchRollbackCommand(Kvrpcpb.BatchRollbackRequest req) {
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
    return "batch_rollback";
  }

  @Override
  public WriteResult<Kvrpcpb.BatchRollbackResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    try (MvccReader reader = new MvccReader(snapshot)) {
      MvccTxn txn = new MvccTxn();
      for (byte[] key : latchKeys()) {
        Cleanup.cleanup(txn, reader, key, req.getStartVersion(), 0, false);
      }
      return new WriteResult<>(txn.modifies(), Kvrpcpb.BatchRollbackResponse.getDefaultInstance());
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.BatchRollbackResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }
}
