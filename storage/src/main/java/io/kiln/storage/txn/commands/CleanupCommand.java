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
 * KvCleanup: rolls back the transaction {@code start_version} on {@code key} (a protected
 * rollback), unless its lock is still alive at {@code current_ts} (then {@code error.locked}).
 * If the transaction committed, the response carries {@code commit_version} instead.
 */
public final class CleanupCommand implements WriteCommand<Kvrpcpb.CleanupResponse> {

  private final Kvrpcpb.CleanupRequest req;

  public CleanupCommand(Kvrpcpb.CleanupRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return List.of(CommandKeys.encode(req.getKey()));
  }

  @Override
  public long writeBytes() {
    return req.getKey().size();
  }

  @Override
  public String tag() {
    return "cleanup";
  }

  @Override
  public WriteResult<Kvrpcpb.CleanupResponse> processWrite(RegionSnapshot snapshot, TxnContext context) {
    try (MvccReader reader = new MvccReader(snapshot)) {
      MvccTxn txn = new MvccTxn();
      Cleanup.cleanup(txn, reader, CommandKeys.encode(req.getKey()), req.getStartVersion(),
          req.getCurrentTs(), true);
      return new WriteResult<>(txn.modifies(), Kvrpcpb.CleanupResponse.getDefaultInstance());
    } catch (MvccError.Committed c) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.CleanupResponse.newBuilder().setCommitVersion(c.commitTs).build());
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.CleanupResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }
}
