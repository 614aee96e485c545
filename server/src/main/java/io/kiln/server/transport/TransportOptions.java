package io.kiln.server.transport;

/**
 * How raft messages travel between stores.
 *
 * @param queueCapacity messages waiting for one store; past it new ones are dropped (raft retries)
 * @param batchMaxBytes most bytes of messages in one {@code BatchRaftMessage} (one larger message
 *     still goes, alone)
 * @param snapshotChunkBytes bytes of snapshot file per {@code SnapshotChunk} (TiKV: 1 MiB)
 * @param snapshotConcurrency snapshots sent at the same time; more wait in a queue
 * @param snapshotIdleTimeoutMs a snapshot stream that makes no progress for this long fails
 * @param reconnectMinBackoffMs first wait before reconnecting to a store whose stream failed
 * @param reconnectMaxBackoffMs the wait doubles up to this
 * @param maxMessageBytes the largest gRPC message the transport's channels accept
 */
public record TransportOptions(
    int queueCapacity,
    long batchMaxBytes,
    int snapshotChunkBytes,
    int snapshotConcurrency,
    long snapshotIdleTimeoutMs,
    long reconnectMinBackoffMs,
    long reconnectMaxBackoffMs,
    int maxMessageBytes) {

  public TransportOptions {
    if (queueCapacity <= 0 || batchMaxBytes <= 0 || snapshotChunkBytes <= 0 || snapshotConcurrency <= 0
        || snapshotIdleTimeoutMs <= 0 || reconnectMinBackoffMs <= 0 || maxMessageBytes <= 0) {
      throw new IllegalArgumentException("transport options must be positive: " + this);
    }
    if (reconnectMaxBackoffMs < reconnectMinBackoffMs) {
      throw new IllegalArgumentException("reconnect max backoff " + reconnectMaxBackoffMs
          + " ms is below the min " + reconnectMinBackoffMs + " ms");
    }
  }

  /** 4096 queued messages per store, 8 MiB batches, 1 MiB chunks, 2 snapshots, 100 ms..5 s backoff. */
  public static TransportOptions defaults() {
    return new TransportOptions(4096, 8L << 20, 1 << 20, 2, 60_000, 100, 5_000, 64 << 20);
  }

  public TransportOptions withSnapshotChunkBytes(int bytes) {
    return new TransportOptions(queueCapacity, batchMaxBytes, bytes, snapshotConcurrency, snapshotIdleTimeoutMs,
        reconnectMinBackoffMs, reconnectMaxBackoffMs, maxMessageBytes);
  }

  public TransportOptions withQueueCapacity(int messages) {
    return new TransportOptions(messages, batchMaxBytes, snapshotChunkBytes, snapshotConcurrency, snapshotIdleTimeoutMs,
        reconnectMinBackoffMs, reconnectMaxBackoffMs, maxMessageBytes);
  }

  public TransportOptions withReconnectBackoff(long minMs, long maxMs) {
    return new TransportOptions(queueCapacity, batchMaxBytes, snapshotChunkBytes, snapshotConcurrency,
        snapshotIdleTimeoutMs, minMs, maxMs, maxMessageBytes);
  }

  public TransportOptions withMaxMessageBytes(int bytes) {
    return new TransportOptions(queueCapacity, batchMaxBytes, snapshotChunkBytes, snapshotConcurrency,
        snapshotIdleTimeoutMs, reconnectMinBackoffMs, reconnectMaxBackoffMs, bytes);
  }
}
