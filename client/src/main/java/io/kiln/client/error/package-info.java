/**
 * The client's exceptions, one small hierarchy under
 * {@link io.kiln.client.error.KilnClientException}: retries that ran out
 * ({@link io.kiln.client.error.BackoffExhaustedException}, {@link io.kiln.client.error.KeyLockedException}),
 * server errors, and the transaction outcomes that map TiKV's key errors (WriteConflict,
 * TxnNotFound, abort) and an undetermined commit.
 */
package io.kiln.client.error;
