/**
 * The RawKV API ({@link io.kiln.client.raw.RawKvClient}): single-key and batched reads and
 * writes, TTLs, compare-and-set, and scans and range deletes across regions, blocking and
 * {@code CompletableFuture} forms. Keys are sent as they are (no encoding).
 */
package io.kiln.client.raw;
