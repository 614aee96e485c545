/**
 * The Percolator actions as plain functions over (MvccTxn, MvccReader, key, timestamps), one per
 * class as in TiKV's {@code storage/txn/actions}: {@link io.kiln.storage.txn.actions.Prewrite},
 * {@link io.kiln.storage.txn.actions.Commit}, {@link io.kiln.storage.txn.actions.Cleanup},
 * {@link io.kiln.storage.txn.actions.Rollback}, {@link io.kiln.storage.txn.actions.CheckTxnStatus}.
 * Commands compose them; pessimistic lock acquisition and GC are to be added here as actions of
 * their own.
 */
package io.kiln.storage.txn.actions;
