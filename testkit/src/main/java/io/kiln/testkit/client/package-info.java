/**
 * A raw-KV client for in-process clusters: {@link io.kiln.testkit.client.ClusterClient} sends raft
 * commands to the stores of a {@link io.kiln.testkit.client.StoreDirectory} and retries like a
 * real client (leader cache, NotLeader hints, store rotation, backoff, deadline).
 */
package io.kiln.testkit.client;
