/**
 * PD's gRPC face: {@link io.kiln.pd.grpc.GrpcPdService} implements TiKV's {@code pdpb.PD}
 * service over the cluster, TSO, id allocator, GC safe points and operator controller; the two
 * bidirectional streams (Tso, RegionHeartbeat) have a class each.
 */
package io.kiln.pd.grpc;
