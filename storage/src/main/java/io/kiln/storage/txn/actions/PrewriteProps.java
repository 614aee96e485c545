package io.kiln.storage.txn.actions;

import java.util.List;

/**
 * What a prewrite request says about its transaction (TiKV's {@code TransactionProperties}).
 *
 * @param forUpdateTs 0 for an optimistic transaction, else the pessimistic for_update_ts
 * @param minCommitTs the client's lower bound for the commit_ts (0: none)
 * @param maxCommitTs async commit / 1PC only: the commit_ts must not exceed it (0: no limit)
 * @param secondaries the async-commit primary's secondary keys (raw)
 */
public record PrewriteProps(long startTs, byte[] primary, long lockTtl, long txnSize,
    long forUpdateTs, long minCommitTs, long maxCommitTs, CommitKind commitKind,
    boolean skipConstraintCheck, List<byte[]> secondaries) {

  public PrewriteProps {
    secondaries = List.copyOf(secondaries);
  }

  public boolean isPessimistic() {
    return forUpdateTs != 0;
  }

  public PrewriteProps withCommitKind(CommitKind kind) {
    return new PrewriteProps(startTs, primary, lockTtl, txnSize, forUpdateTs, minCommitTs,
        maxCommitTs, kind, skipConstraintCheck, secondaries);
  }
}
