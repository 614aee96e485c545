package io.kiln.client.txn;

import io.kiln.client.codec.Keys;
import io.kiln.client.error.KilnClientException;
import io.kiln.client.error.TxnAbortedException;
import io.kiln.client.error.TxnConflictException;
import io.kiln.client.error.TxnNotFoundException;
import io.kiln.proto.Kvrpcpb;

/** Maps TiKV's {@code KeyError} (other than {@code locked}, which is resolved) onto the client's exceptions. */
final class KeyErrors {

  private KeyErrors() {}

  static KilnClientException toException(String op, long startTs, Kvrpcpb.KeyError e) {
    if (e.hasConflict()) {
      Kvrpcpb.WriteConflict c = e.getConflict();
      return new TxnConflictException(op + ": write conflict on " + Keys.show(c.getKey().toByteArray())
          + " (txn " + startTs + ", conflicting txn " + c.getConflictTs() + " committed at " + c.getConflictCommitTs()
          + ")", startTs, c.getConflictTs(), c.getConflictCommitTs());
    }
    if (e.hasTxnNotFound()) {
      return new TxnNotFoundException(op + ": txn " + e.getTxnNotFound().getStartTs() + " not found (primary "
          + Keys.show(e.getTxnNotFound().getPrimaryKey().toByteArray()) + "): its locks were rolled back");
    }
    if (e.hasAlreadyExist()) {
      return new TxnAbortedException(op + ": key already exists: "
          + Keys.show(e.getAlreadyExist().getKey().toByteArray()), false);
    }
    if (e.hasDeadlock()) {
      return new TxnAbortedException(op + ": deadlock with txn " + e.getDeadlock().getLockTs(), true);
    }
    if (e.hasCommitTsTooLarge()) {
      return new TxnAbortedException(op + ": commit ts too large: " + e.getCommitTsTooLarge().getCommitTs(), true);
    }
    if (!e.getRetryable().isEmpty()) {
      return new TxnAbortedException(op + ": " + e.getRetryable(), true);
    }
    if (!e.getAbort().isEmpty()) {
      return new TxnAbortedException(op + ": " + e.getAbort(), false);
    }
    return new TxnAbortedException(op + ": " + e, false);
  }
}
