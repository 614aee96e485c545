/**
 * The transactional API: optimistic transactions under snapshot isolation with Percolator
 * two-phase commit over TiKV's transactional RPCs ({@code KvGet}, {@code KvBatchGet},
 * {@code KvScan}, {@code KvPrewrite}, {@code KvCommit}, {@code KvBatchRollback},
 * {@code KvCheckTxnStatus}, {@code KvResolveLock}, {@code KvTxnHeartBeat}), with lock resolution
 * for reads and writes that meet other transactions' locks.
 */
package io.kiln.client.txn;
