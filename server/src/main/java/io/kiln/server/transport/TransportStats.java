package io.kiln.server.transport;

/**
 * What a {@link GrpcTransport} has done since it started.
 *
 * @param messagesSent raft messages handed to a {@code BatchRaft} stream
 * @param batchesSent {@code BatchRaftMessage}s sent
 * @param messagesDropped raft messages dropped: a full queue, or the target unreachable
 * @param streamFailures {@code BatchRaft} streams that failed (each is followed by a backoff)
 * @param snapshotsSent snapshots the receiving store acknowledged
 * @param snapshotsFailed snapshots that could not be sent
 */
public record TransportStats(long messagesSent, long batchesSent, long messagesDropped, long streamFailures,
    long snapshotsSent, long snapshotsFailed) {}
