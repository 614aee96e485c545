/**
 * Kiln's own Java client ({@code io.kiln.client}) against an in-process cluster of PD and three
 * stores over real gRPC ({@link io.kiln.testkit.compat.LocalCluster}): the RawKV API, region-cache
 * behaviour when a store stops, and (once the server serves it) the transactional API.
 */
package io.kiln.testkit.kilnclient;
