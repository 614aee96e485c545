package io.kiln.client.rpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.kiln.proto.TikvGrpc;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One gRPC channel per store address, shared by every request; stubs carry the RPC deadline. */
public final class StoreChannels implements AutoCloseable {

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final long rpcTimeoutMs;

  public StoreChannels(long rpcTimeoutMs) {
    this.rpcTimeoutMs = rpcTimeoutMs;
  }

  /** A blocking stub to {@code address} whose deadline is the RPC timeout or {@code maxMs}, the smaller. */
  public TikvGrpc.TikvBlockingStub stub(String address, long maxMs) {
    ManagedChannel ch = channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
    return TikvGrpc.newBlockingStub(ch).withDeadlineAfter(Math.max(1, Math.min(rpcTimeoutMs, maxMs)), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
