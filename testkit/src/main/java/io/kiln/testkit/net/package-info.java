/**
 * The simulated network of an in-process cluster: {@link io.kiln.testkit.net.SimNetwork}, one
 * {@link io.kiln.testkit.net.SimTransport} per store, per-store inboxes with their own delivery
 * threads, and the {@link io.kiln.testkit.net.Filter}s that drop, delay, duplicate, reorder and
 * partition messages (after TiKV's {@code test_raftstore} filters).
 */
package io.kiln.testkit.net;
