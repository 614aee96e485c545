/**
 * The transaction layer: a scheduler with latches and a worker pool, MVCC in the layout TiKV uses
 * (CF lock, write, default), one Percolator command per class (prewrite, commit, cleanup, check
 * txn status, resolve lock, ...), raw KV, and MVCC garbage collection below the safe point.
 *
 * <p>Being built (the transaction issue).
 */
package io.kiln.storage;
