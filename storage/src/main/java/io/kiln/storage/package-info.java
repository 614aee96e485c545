/**
 * The transaction layer, in TiKV's layout (see docs/TRANSACTIONS-MVCC.md):
 * <ul>
 *   <li>{@link io.kiln.storage.mvcc}: MVCC over the lock, write and default column families
 *       (key encoding, Lock and Write values, reader, point getter, scanner, buffered writes);
 *   <li>{@link io.kiln.storage.concurrency}: max_ts and the in-memory lock table of async commit
 *       and 1PC;
 *   <li>{@link io.kiln.storage.txn}: the command contract the scheduler runs
 *       ({@link io.kiln.storage.txn.WriteCommand}, {@link io.kiln.storage.txn.ReadCommand}),
 *       {@link io.kiln.storage.txn.actions} (prewrite, commit, cleanup, rollback, check txn status
 *       as plain functions) and {@link io.kiln.storage.txn.commands} (one Percolator command per
 *       class, each answering its kvrpcpb response);
 *   <li>{@link io.kiln.storage.kv}: {@link io.kiln.storage.kv.StandaloneKv}, a RaftKv over one
 *       engine for command-level tests.
 * </ul>
 *
 * <p>Still to come: the scheduler with latches ({@code io.kiln.storage.sched}), pessimistic lock
 * acquisition, raw KV, and MVCC garbage collection below the safe point.
 */
package io.kiln.storage;
