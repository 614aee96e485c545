/**
 * The client's view of PD: leader discovery and failover across the configured endpoints
 * ({@code GetMembers}), batched timestamps over the {@code Tso} stream, and region, store and
 * GC safe point look-ups ({@link io.kiln.client.pd.PdClient}, {@link io.kiln.client.pd.GrpcPdClient}).
 */
package io.kiln.client.pd;
