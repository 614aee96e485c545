/**
 * TiKV's raw key-value API (API v1, optionally with TTL) over {@link io.kiln.raftstore.kv.RaftKv}:
 * every operation takes a kvrpcpb request and completes a future with the kvrpcpb response, with
 * region errors in {@code region_error} and other failures in {@code error} as TiKV's clients
 * expect. Nothing here knows gRPC; {@code io.kiln.server.service.TikvService} adapts it.
 *
 * <ul>
 *   <li>{@link io.kiln.server.raw.RawReads}: get, batch get, scan (forward and reverse), key TTL
 *   <li>{@link io.kiln.server.raw.RawWrites}: put, batch put, delete, batch delete, delete range
 *   <li>{@link io.kiln.server.raw.RawCompareAndSwap}: compare-and-swap, atomic per key
 *   <li>{@link io.kiln.server.raw.RawRequestChecks}: API version, column family, key and value sizes
 *   <li>{@link io.kiln.server.raw.RawValueCodec}: the stored value, with TiKV's "V1TTL" expiry suffix
 *   <li>{@link io.kiln.server.raw.KeyLatches}: asynchronous per-key latches for read-compare-write
 *   <li>{@link io.kiln.server.raw.RawFailure}: how a failure becomes a response field
 * </ul>
 */
package io.kiln.server.raw;
