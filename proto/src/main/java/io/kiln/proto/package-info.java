/**
 * TiKV's wire protocol as Java classes: kvproto ({@code Kvrpcpb}, {@code Metapb}, {@code Errorpb},
 * {@code Pdpb}, {@code Tikvpb}, {@code RaftServerpb}, {@code RaftCmdpb}, ...), raft-rs's
 * {@code Eraftpb}, and the gRPC stubs {@code TikvGrpc} and {@code PDGrpc}.
 *
 * <p>Nothing in this package is written by hand except this file. At build time the module unpacks
 * the {@code .proto} files that ship inside {@code org.tikv:tikv-client-java} (the kvproto commit
 * that client pins), rewrites each file's {@code java_package} to {@code io.kiln.proto} so Kiln's
 * classes never clash with the client's {@code org.tikv.kvproto} ones, and compiles them with
 * protoc and the grpc-java generator. Protobuf package names, message names and field numbers are
 * untouched, so the bytes on the wire are exactly TiKV's; {@code WireCompatibilityTest} proves it.
 */
package io.kiln.proto;
