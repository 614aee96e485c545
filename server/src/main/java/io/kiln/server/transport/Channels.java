package io.kiln.server.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** How the transport opens a channel to another store. */
final class Channels {

  private Channels() {}

  static ManagedChannel open(String hostPort, TransportOptions options) {
    return NettyChannelBuilder.forTarget(hostPort)
        .usePlaintext()
        .maxInboundMessageSize(options.maxMessageBytes())
        .build();
  }
}
