/**
 * The placement driver, speaking TiKV's {@code pdpb.PD} gRPC service: timestamp oracle, id
 * allocation, cluster, store and region metadata from heartbeats, GC safe points, and the
 * schedulers that place replicas. {@link io.kiln.pd.PdServer} starts one over a {@link
 * io.kiln.engine.KvEngine} and a clock ({@link io.kiln.pd.PdConfig} says how).
 *
 * <p>Packages: {@code storage} (durable state behind {@code MetaStorage}, the seam where a
 * raft-replicated PD takes over), {@code tso}, {@code id}, {@code cluster} (bootstrap, stores,
 * regions, safe points), {@code schedule} (operators and the replica checker), {@code member}
 * (members and leadership), {@code grpc} (the service), {@code clock}. See docs/ARCHITECTURE.md,
 * section "PD".
 */
package io.kiln.pd;
