/**
 * A minimal blocking raw KV client ({@link io.kiln.client.raw.RawClient}) that routes through PD
 * and retries on region errors: what {@code kiln ctl} and the process tests use until the full
 * client (region cache, batching, transactions) exists.
 */
package io.kiln.client.raw;
