package io.kiln.client.pd;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds PD's leader and keeps a channel to it. Discovery asks {@code GetMembers} of each
 * configured endpoint in turn (starting after the one that failed last) and follows the leader's
 * first client URL; the cluster id comes from the response header. After an RPC error the caller
 * {@link #reset resets} the leader it used, and the next {@link #leader()} discovers again.
 */
final class PdLeaderConnection implements AutoCloseable {

  /** The PD leader in use: its address, a channel to it, and the cluster id it reported. */
  record Leader(String address, ManagedChannel channel, long clusterId) {}

  private final List<String> endpoints;
  private final long rpcTimeoutMs;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private Leader leader;
  private int nextEndpoint;
  private volatile boolean closed;

  PdLeaderConnection(List<String> endpoints, long rpcTimeoutMs) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no PD endpoint given");
    }
    this.endpoints = new ArrayList<>();
    for (String e : endpoints) {
      this.endpoints.add(stripScheme(e));
    }
    this.rpcTimeoutMs = rpcTimeoutMs;
  }

  /**
   * The current leader, discovering it when there is none.
   *
   * @throws StatusRuntimeException from the last endpoint tried when none answered
   */
  synchronized Leader leader() {
    if (closed) {
      throw new IllegalStateException("the PD client is closed");
    }
    if (leader != null) {
      return leader;
    }
    StatusRuntimeException last = null;
    for (int i = 0; i < endpoints.size(); i++) {
      String endpoint = endpoints.get((nextEndpoint + i) % endpoints.size());
      try {
        Pdpb.GetMembersResponse members = PDGrpc.newBlockingStub(channel(endpoint))
            .withDeadlineAfter(rpcTimeoutMs, TimeUnit.MILLISECONDS)
            .getMembers(Pdpb.GetMembersRequest.getDefaultInstance());
        String address = endpoint;
        if (members.hasLeader() && members.getLeader().getClientUrlsCount() > 0) {
          address = stripScheme(members.getLeader().getClientUrls(0));
        }
        leader = new Leader(address, channel(address), members.getHeader().getClusterId());
        nextEndpoint = (nextEndpoint + i) % endpoints.size();
        return leader;
      } catch (StatusRuntimeException e) {
        last = e;
      }
    }
    nextEndpoint = (nextEndpoint + 1) % endpoints.size();
    throw last;
  }

  /** Forgets {@code failed} if it is still the current leader; the next call discovers again. */
  synchronized void reset(Leader failed) {
    if (leader == failed) {
      leader = null;
      nextEndpoint = (nextEndpoint + 1) % endpoints.size();
    }
  }

  private ManagedChannel channel(String address) {
    return channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
  }

  static String stripScheme(String url) {
    String s = url.replaceFirst("^[a-zA-Z]+://", "");
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    closed = true;
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
