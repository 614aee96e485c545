package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.actions.PessimisticLockRolledBack;

/**
 * The {@code kvrpcpb.KeyError}s of the pessimistic lock commands, as TiKV's
 * {@code extract_key_error} builds them: a lock in the way fills {@code locked}; a write conflict
 * fills {@code conflict} and, for older clients, {@code retryable} (naming TiKV's reason
 * {@code PessimisticRetry}, which this kvproto's {@code WriteConflict} has no field for);
 * {@code already_exist} has a field of its own; anything else, {@link PessimisticLockRolledBack}
 * included, makes the client {@code abort}.
 *
 * <p>The general mapping is {@link KeyErrors}; this adds the pessimistic retry reason and maps the
 * one error that is not an MvccError.
 */
final class PessimisticKeyErrors {

  private PessimisticKeyErrors() {}

  static Kvrpcpb.KeyError of(RuntimeException e) {
    if (e instanceof MvccError.WriteConflict c) {
      return KeyErrors.of(c).toBuilder().setRetryable(c.getMessage() + ", reason: PessimisticRetry").build();
    }
    if (e instanceof MvccError m) {
      return KeyErrors.of(m);
    }
    return Kvrpcpb.KeyError.newBuilder().setAbort(e.getMessage()).build();
  }
}
