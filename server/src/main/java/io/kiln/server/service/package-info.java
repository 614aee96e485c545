/**
 * The {@code tikvpb.Tikv} gRPC service a store serves: {@link io.kiln.server.service.TikvService}
 * adapts the raw API ({@code io.kiln.server.raw}) and the raft and snapshot streams ({@code
 * io.kiln.server.transport}) to gRPC. RPCs Kiln does not implement yet answer UNIMPLEMENTED.
 */
package io.kiln.server.service;
