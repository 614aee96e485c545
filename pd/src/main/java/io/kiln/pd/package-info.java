/**
 * The placement driver, speaking TiKV's {@code pdpb.PD} gRPC service: timestamp oracle, ID
 * allocation, cluster, store and region metadata from heartbeats, and the schedulers that place
 * replicas. Its state sits behind an interface so a raft-replicated implementation can take over.
 *
 * <p>Not implemented yet: reserved for the PD issue.
 */
package io.kiln.pd;
