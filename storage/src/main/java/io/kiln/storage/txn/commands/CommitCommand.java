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
import io.kiln.storage.txn.actions.Commit;
import java.util.Collection;
import java.util.List;

/**
 * KvCommit: commits {@code keys} of the transaction {@code start_version} at
 * {@code commit_version}; any key's error fails the whole command and nothing is written. On
 * success the response echoes the commit_version.
 */
public final class CommitCommand implements WriteCommand<Kvrpcpb.CommitResponse> {

  private final Kvrpcpb.CommitRequest req;

  public CommitCommand(Kvrpcpb.CommitRequest req) {
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
    return "commit";
  }

  @Override
  public WriteResult<Kvrpcpb.CommitResponse> processWrite(RegionSnapshot snapshot, TxnContext context) {
    long startTs = req.getStartVersion();
    long commitTs = req.getCommitVersion();
    try (MvccReader reader = new MvccReader(snapshot)) {
      if (commitTs <= startTs) {
        throw new MvccError.InvalidTxnTso(startTs, commitTs);
      }
      MvccTxn txn = new MvccTxn();
      for (byte[] key : latchKeys()) {
        Commit.commit(txn, reader, key, startTs, commitTs);
      }
      return new WriteResult<>(txn.modifies(),
          Kvrpcpb.CommitResponse.newBuilder().setCommitVersion(commitTs).build());
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.CommitResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }
}
