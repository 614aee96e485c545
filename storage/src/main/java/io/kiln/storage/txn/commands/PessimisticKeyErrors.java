package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.txn.actions.PessimisticLockRolledBack;

/**
 * The {@code kvrpcpb.KeyError}s of the pessimistic lock commands, as TiKV's
 * {@code extract_key_error} builds them: a lock in the way fills {@code locked}; a write conflict
 * fills {@code conflict} and, for older clients, {@code retryable} (naming TiKV's reason
 * {@code PessimisticRetry}, which this kvproto's {@code WriteConflict} has no field for);
 * {@code already_exist} has a field of its own; anything else, {@link PessimisticLockRolledBack}
 * included, makes the client {@code abort}.
 *
 * <p>Kept to these commands on purpose: the general MvccError mapping belongs to the Percolator
 * commands, and this one only knows the errors pessimistic locking can raise.
 */
final class PessimisticKeyErrors {

  private PessimisticKeyErrors() {}

  static Kvrpcpb.KeyError of(RuntimeException e) {
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
      b.setRetryable(c.getMessage() + ", reason: PessimisticRetry");
    } else if (e instanceof MvccError.AlreadyExist a) {
      b.setAlreadyExist(Kvrpcpb.AlreadyExist.newBuilder().setKey(ByteString.copyFrom(a.key)));
    } else {
      b.setAbort(e.getMessage());
    }
    return b.build();
  }
}
