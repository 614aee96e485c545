package io.kiln.storage.txn;

import io.kiln.storage.concurrency.ConcurrencyManager;

/**
 * What a command may use besides its snapshot: the store's {@link ConcurrencyManager} (the largest
 * timestamp any reader has used, and the in-memory locks of async commit and 1PC prewrites).
 */
public record TxnContext(ConcurrencyManager concurrencyManager) {}
