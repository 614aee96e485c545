/**
 * Percolator transactions: one command per class (TiKV's semantics and error types), the actions
 * they share (prewrite, commit, cleanup, check txn status...), and the contract the scheduler runs
 * them by ({@link io.kiln.storage.txn.WriteCommand}, {@link io.kiln.storage.txn.ReadCommand}).
 */
package io.kiln.storage.txn;
