package io.kiln.storage.txn;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.MvccError;

/**
 * MVCC errors as the {@code kvrpcpb.KeyError} TiKV answers with ({@code extract_key_error}):
 * a lock in the way fills {@code locked}; a write conflict fills {@code conflict} and, for older
 * clients, {@code retryable}; {@code already_exist}, {@code commit_ts_expired},
 * {@code txn_not_found} and {@code commit_ts_too_large} have fields of their own; a lost lock at
 * commit is {@code retryable}; anything else makes the client {@code abort}.
 */
public final class KeyErrors {

  private KeyErrors() {}

  public static Kvrpcpb.KeyError of(MvccError e) {
    Kvrpcpb.KeyError.Builder b = Kvrpcpb.KeyError.newBuilder();
    if (e instanceof MvccError.KeyIsLocked locked) {
      b.setLocked(locked.lockInfo());
    } else if (e instanceof MvccError.WriteConflict c) {
      b.setConflict(Kvrpcpb.WriteConflict.newBuilder()
          .setStartTs(c.startTs)
          .setConflictTs(c.conflictStartTs)
          .setConflictCommitTs(c.conflictCommitTs)
          .setKey(ByteString.copyFrom(c.key))
          .setPrimary(ByteString.copyFrom(c.primary)));
      b.setRetryable(e.getMessage());
    } else if (e instanceof MvccError.AlreadyExist a) {
      b.setAlreadyExist(Kvrpcpb.AlreadyExist.newBuilder().setKey(ByteString.copyFrom(a.key)));
    } else if (e instanceof MvccError.CommitTsExpired x) {
      b.setCommitTsExpired(Kvrpcpb.CommitTsExpired.newBuilder()
          .setStartTs(x.startTs)
          .setAttemptedCommitTs(x.commitTs)
          .setKey(ByteString.copyFrom(x.key))
          .setMinCommitTs(x.minCommitTs));
    } else if (e instanceof MvccError.TxnNotFound n) {
      b.setTxnNotFound(Kvrpcpb.TxnNotFound.newBuilder()
          .setStartTs(n.startTs)
          .setPrimaryKey(ByteString.copyFrom(n.key)));
    } else if (e instanceof MvccError.CommitTsTooLarge t) {
      b.setCommitTsTooLarge(Kvrpcpb.CommitTsTooLarge.newBuilder().setCommitTs(t.minCommitTs));
    } else if (e instanceof MvccError.TxnLockNotFound) {
      b.setRetryable(e.getMessage());
    } else {
      b.setAbort(e.getMessage());
    }
    return b.build();
  }
}
