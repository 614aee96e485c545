/**
 * Kiln's Java client: a PD client with batched timestamp requests, a region cache refreshed on
 * region errors, backoff, and the RawKV and transactional (two-phase commit) APIs in blocking and
 * {@code CompletableFuture} forms.
 *
 * <p>Not implemented yet: reserved for the client issue.
 */
package io.kiln.client;
