/**
 * Raft messages between stores over TiKV's gRPC protocol.
 *
 * <p>Sending: {@link io.kiln.server.transport.GrpcTransport} (the raftstore's {@code Transport})
 * keeps one {@link io.kiln.server.transport.StoreConnection} per target store: a bounded queue,
 * a lazily opened channel and one {@code BatchRaft} client stream; {@code flush()} after each
 * poll round sends the queued messages as one {@code BatchRaftMessage}. A MsgSnapshot goes
 * instead through {@link io.kiln.server.transport.SnapshotStreamSender}, one {@code Snapshot}
 * client stream per snapshot on the snapshot pool, and its outcome is reported to the sending
 * store. Addresses come from a {@link io.kiln.server.transport.StoreAddressResolver}.
 *
 * <p>Receiving: {@link io.kiln.server.transport.RaftStreamHandler} (the {@code Raft} and
 * {@code BatchRaft} streams) and {@link io.kiln.server.transport.SnapshotStreamHandler} (the
 * {@code Snapshot} stream) hand messages to {@code RaftStore.onRaftMessage}.
 */
package io.kiln.server.transport;
