/**
 * Kiln's Java client: {@link io.kiln.client.KilnClient} connects to a cluster through PD and
 * offers the RawKV API ({@link io.kiln.client.raw}) and the transactional API
 * ({@link io.kiln.client.txn}, Percolator two-phase commit). Underneath: the PD client
 * ({@link io.kiln.client.pd}), the region cache ({@link io.kiln.client.region}), sending and
 * retrying ({@link io.kiln.client.rpc}, {@link io.kiln.client.backoff}), key encoding
 * ({@link io.kiln.client.codec}) and the exceptions ({@link io.kiln.client.error}).
 */
package io.kiln.client;
