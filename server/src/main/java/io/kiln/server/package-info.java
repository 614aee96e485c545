/**
 * A store node: the {@code tikvpb.Tikv} gRPC service (KV API, raft and snapshot transport), the
 * store's lifecycle and registration with PD, configuration, and the status HTTP port with
 * Prometheus metrics.
 *
 * <p>Not implemented yet: reserved for the server issue.
 */
package io.kiln.server;
