/**
 * Percolator transactions: the contract the scheduler runs commands by
 * ({@link io.kiln.storage.txn.WriteCommand}, {@link io.kiln.storage.txn.ReadCommand},
 * {@link io.kiln.storage.txn.WriteResult}, {@link io.kiln.storage.txn.TxnContext}), the mapping
 * of MVCC errors to TiKV's key errors ({@link io.kiln.storage.txn.KeyErrors}), the actions
 * commands share ({@link io.kiln.storage.txn.actions}) and the commands themselves, one per class
 * ({@link io.kiln.storage.txn.commands}).
 */
package io.kiln.storage.txn;
