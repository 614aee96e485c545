package io.kiln.server;

import io.kiln.server.raw.RawKvOptions;
import io.kiln.server.transport.TransportOptions;

/**
 * A store server's settings (the raftstore's own are in {@code RaftStoreConfig}).
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one ({@link StoreServer#port()} tells which)
 * @param maxInboundMessageBytes the largest gRPC message accepted (TiKV accepts raft entries of 8
 *     MiB and batches of them: 64 MiB)
 * @param shutdownGraceMs how long {@link StoreServer#close()} lets running calls finish
 * @param readPoolSize threads that run raw reads (scans and gets on region snapshots)
 * @param snapshotMaxBytes a received snapshot declaring more bytes is refused
 * @param snapshotMaxConcurrentReceives snapshots received at once (TiKV's {@code
 *     concurrent-recv-snap-limit}, 32)
 * @param raw the raw API's options (TTL, key and value limits)
 * @param transport how raft messages and snapshots travel to other stores
 */
public record ServerConfig(
    String host,
    int port,
    int maxInboundMessageBytes,
    long shutdownGraceMs,
    int readPoolSize,
    long snapshotMaxBytes,
    int snapshotMaxConcurrentReceives,
    RawKvOptions raw,
    TransportOptions transport) {

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    if (maxInboundMessageBytes <= 0 || readPoolSize <= 0 || snapshotMaxBytes <= 0
        || snapshotMaxConcurrentReceives <= 0 || shutdownGraceMs < 0) {
      throw new IllegalArgumentException("server settings must be positive");
    }
  }

  /** 127.0.0.1 on a free port, 64 MiB messages, 4 readers, snapshots up to 64 GiB, TTL on. */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 0, 64 << 20, 2_000, 4, 64L << 30, 32, RawKvOptions.defaults(),
        TransportOptions.defaults());
  }

  public ServerConfig withListen(String host, int port) {
    return new ServerConfig(host, port, maxInboundMessageBytes, shutdownGraceMs, readPoolSize, snapshotMaxBytes,
        snapshotMaxConcurrentReceives, raw, transport);
  }

  public ServerConfig withMaxInboundMessageBytes(int bytes) {
    return new ServerConfig(host, port, bytes, shutdownGraceMs, readPoolSize, snapshotMaxBytes,
        snapshotMaxConcurrentReceives, raw, transport);
  }

  public ServerConfig withShutdownGraceMs(long ms) {
    return new ServerConfig(host, port, maxInboundMessageBytes, ms, readPoolSize, snapshotMaxBytes,
        snapshotMaxConcurrentReceives, raw, transport);
  }

  public ServerConfig withSnapshotMaxBytes(long bytes) {
    return new ServerConfig(host, port, maxInboundMessageBytes, shutdownGraceMs, readPoolSize, bytes,
        snapshotMaxConcurrentReceives, raw, transport);
  }

  public ServerConfig withRaw(RawKvOptions options) {
    return new ServerConfig(host, port, maxInboundMessageBytes, shutdownGraceMs, readPoolSize, snapshotMaxBytes,
        snapshotMaxConcurrentReceives, options, transport);
  }

  public ServerConfig withTransport(TransportOptions options) {
    return new ServerConfig(host, port, maxInboundMessageBytes, shutdownGraceMs, readPoolSize, snapshotMaxBytes,
        snapshotMaxConcurrentReceives, raw, options);
  }
}
