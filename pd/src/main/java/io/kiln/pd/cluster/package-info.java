/**
 * The cluster's metadata as PD keeps it: bootstrap and configuration ({@link
 * io.kiln.pd.cluster.PdCluster}), stores ({@link io.kiln.pd.cluster.StoreRegistry}), the region
 * routing table fed by heartbeats ({@link io.kiln.pd.cluster.RegionRegistry}, {@link
 * io.kiln.pd.cluster.RegionTree}), GC safe points ({@link io.kiln.pd.cluster.GcSafePoints}) and
 * identities ({@link io.kiln.pd.cluster.ClusterIdentity}). Durable state goes through {@link
 * io.kiln.pd.storage.MetaStorage}; refusals are {@link io.kiln.pd.cluster.PdException}s carrying
 * PD's error type.
 */
package io.kiln.pd.cluster;
