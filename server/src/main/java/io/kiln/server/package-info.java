/**
 * A store node. {@link io.kiln.server.StoreServer} wires a store together and runs it: the
 * {@code RaftStore} over the engines it is given, the {@link io.kiln.server.transport.GrpcTransport}
 * that carries its raft messages, and one gRPC port serving {@code tikvpb.Tikv} ({@link
 * io.kiln.server.service.TikvService}) and {@code grpc.health.v1.Health}. Settings are in {@link
 * io.kiln.server.ServerConfig}.
 *
 * <p>Subpackages: {@code raw} (TiKV's raw KV API over {@code RaftKv}, no gRPC), {@code service}
 * (the gRPC service), {@code transport} (raft messages and snapshots between stores).
 */
package io.kiln.server;
