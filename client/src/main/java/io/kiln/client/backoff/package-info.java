/**
 * Retry pacing: a {@link io.kiln.client.backoff.Backoffer} per operation with a deadline and an
 * exponential, jittered wait per kind of error ({@link io.kiln.client.backoff.BackoffKind}); the
 * random source, the sleep and the clock are injected.
 */
package io.kiln.client.backoff;
