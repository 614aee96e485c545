package io.kiln.storage.txn.actions;

import io.kiln.storage.mvcc.Lock;

/**
 * What prewriting one key did.
 *
 * @param key the encoded key
 * @param lock the lock written (or, for 1PC, to be turned into a commit record); null if nothing
 *     was written (a CheckNotExists, a repeated prewrite, an already committed key)
 * @param replacedPessimisticLock the key held this transaction's pessimistic lock
 * @param minCommitTs the min_commit_ts of an async-commit or 1PC lock (also of a repeated one)
 * @param committedTs nonzero if the transaction was already committed on this key
 */
public record PrewriteOutcome(byte[] key, Lock lock, boolean replacedPessimisticLock,
    long minCommitTs, long committedTs) {}
