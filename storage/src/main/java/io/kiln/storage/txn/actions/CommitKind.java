package io.kiln.storage.txn.actions;

/** How a prewritten transaction will commit (TiKV's {@code CommitKind}). */
public enum CommitKind {
  /** Classic Percolator: the client commits the primary, then the secondaries. */
  TWO_PC,
  /** Async commit: committed once every key is prewritten, at the max of their min_commit_ts. */
  ASYNC_COMMIT,
  /** One-phase commit: the prewrite writes commit records directly (single-region transaction). */
  ONE_PC
}
