package io.kiln.server.pd;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.kiln.proto.Metapb;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a store asks of PD (TiKV's {@code pd_client} as the store uses it): the cluster id,
 * bootstrap, ids, its own registration and heartbeats, other stores' addresses, and the region
 * heartbeat stream whose responses carry operators. Blocking calls have a deadline; a PD error
 * header becomes a {@link PdException}.
 */
public final class PdStoreClient implements AutoCloseable {

  private final ManagedChannel channel;
  private final PDGrpc.PDBlockingStub blocking;
  private final PDGrpc.PDStub async;
  private final long timeoutMs;
  private volatile long clusterId;

  /** @param address PD's {@code host:port} (an {@code http://} prefix is accepted) */
  public PdStoreClient(String address, long timeoutMs) {
    String target = address.replaceFirst("^https?://", "");
    this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    this.blocking = PDGrpc.newBlockingStub(channel);
    this.async = PDGrpc.newStub(channel);
    this.timeoutMs = timeoutMs;
  }

  /** PD's cluster id (asked once, then remembered). */
  public long clusterId() {
    if (clusterId == 0) {
      Pdpb.GetMembersResponse r = stub().getMembers(Pdpb.GetMembersRequest.newBuilder()
          .setHeader(Pdpb.RequestHeader.getDefaultInstance()).build());
      check(r.getHeader());
      clusterId = r.getHeader().getClusterId();
    }
    return clusterId;
  }

  public boolean isBootstrapped() {
    Pdpb.IsBootstrappedResponse r = stub().isBootstrapped(Pdpb.IsBootstrappedRequest.newBuilder()
        .setHeader(header()).build());
    check(r.getHeader());
    return r.getBootstrapped();
  }

  public long allocId() {
    Pdpb.AllocIDResponse r = stub().allocID(Pdpb.AllocIDRequest.newBuilder().setHeader(header()).build());
    check(r.getHeader());
    return r.getId();
  }

  /**
   * Bootstraps the cluster with this store and its first region.
   *
   * @return false if another store bootstrapped it first
   */
  public boolean bootstrap(Metapb.Store store, Metapb.Region region) {
    Pdpb.BootstrapResponse r = stub().bootstrap(Pdpb.BootstrapRequest.newBuilder().setHeader(header())
        .setStore(store).setRegion(region).build());
    if (r.getHeader().hasError() && r.getHeader().getError().getType() == Pdpb.ErrorType.ALREADY_BOOTSTRAPPED) {
      return false;
    }
    check(r.getHeader());
    return true;
  }

  public void putStore(Metapb.Store store) {
    Pdpb.PutStoreResponse r = stub().putStore(Pdpb.PutStoreRequest.newBuilder().setHeader(header())
        .setStore(store).build());
    check(r.getHeader());
  }

  public Metapb.Store getStore(long storeId) {
    Pdpb.GetStoreResponse r = stub().getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(header())
        .setStoreId(storeId).build());
    check(r.getHeader());
    return r.getStore();
  }

  /** The region containing {@code key} and its leader, as PD knows them. */
  public Pdpb.GetRegionResponse getRegion(byte[] key) {
    Pdpb.GetRegionResponse r = stub().getRegion(Pdpb.GetRegionRequest.newBuilder().setHeader(header())
        .setRegionKey(com.google.protobuf.ByteString.copyFrom(key)).build());
    check(r.getHeader());
    return r;
  }

  /**
   * True once PD knows the first region (the one holding the empty key) with a leader and at
   * least {@code replicas} peers: the cluster is ready for reads and writes. False while PD is not
   * bootstrapped or unreachable.
   */
  public boolean firstRegionReady(int replicas) {
    try {
      Pdpb.GetRegionResponse r = getRegion(new byte[0]);
      return r.hasLeader() && r.getLeader().getId() != 0 && r.getRegion().getPeersCount() >= replicas;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * One timestamp from PD's TSO ({@code physical << 18 | logical}), for the store's starting max_ts:
   * no async commit on this store may pick a commit timestamp below a read served before it started.
   */
  public long timestamp() {
    java.util.concurrent.CompletableFuture<Pdpb.TsoResponse> first = new java.util.concurrent.CompletableFuture<>();
    StreamObserver<Pdpb.TsoRequest> requests = async.tso(new StreamObserver<>() {
      @Override public void onNext(Pdpb.TsoResponse r) { first.complete(r); }
      @Override public void onError(Throwable t) { first.completeExceptionally(t); }
      @Override public void onCompleted() {
        first.completeExceptionally(new IllegalStateException("PD closed the Tso stream without an answer"));
      }
    });
    try {
      requests.onNext(Pdpb.TsoRequest.newBuilder().setHeader(header()).setCount(1).build());
      Pdpb.TsoResponse r = first.get(timeoutMs, TimeUnit.MILLISECONDS);
      check(r.getHeader());
      return (r.getTimestamp().getPhysical() << 18) | r.getTimestamp().getLogical();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("PD's Tso failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("PD's Tso did not answer within " + timeoutMs + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for PD's Tso");
    } finally {
      requests.onCompleted();
    }
  }

  /** The cluster's GC safe point (0 when none was set): MVCC versions below it may be removed. */
  public long gcSafePoint() {
    Pdpb.GetGCSafePointResponse r = stub().getGCSafePoint(Pdpb.GetGCSafePointRequest.newBuilder()
        .setHeader(header()).build());
    check(r.getHeader());
    return r.getSafePoint();
  }

  public void storeHeartbeat(Pdpb.StoreStats stats) {
    Pdpb.StoreHeartbeatResponse r = stub().storeHeartbeat(Pdpb.StoreHeartbeatRequest.newBuilder()
        .setHeader(header()).setStats(stats).build());
    check(r.getHeader());
  }

  /**
   * Opens the region heartbeat stream; {@code responses} receives PD's answers (operators) on a
   * gRPC thread, {@code closed} is told when the stream ends (reopen it then).
   */
  public StreamObserver<Pdpb.RegionHeartbeatRequest> regionHeartbeats(
      Consumer<Pdpb.RegionHeartbeatResponse> responses, Consumer<Throwable> closed) {
    return async.regionHeartbeat(new StreamObserver<>() {
      @Override
      public void onNext(Pdpb.RegionHeartbeatResponse r) {
        responses.accept(r);
      }

      @Override
      public void onError(Throwable t) {
        closed.accept(t);
      }

      @Override
      public void onCompleted() {
        closed.accept(null);
      }
    });
  }

  public Pdpb.RequestHeader header() {
    return Pdpb.RequestHeader.newBuilder().setClusterId(clusterId()).build();
  }

  private PDGrpc.PDBlockingStub stub() {
    return blocking.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private static void check(Pdpb.ResponseHeader h) {
    if (h.hasError() && h.getError().getType() != Pdpb.ErrorType.OK) {
      throw new PdException(h.getError().getType(), h.getError().getMessage());
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** PD answered with an error header. */
  public static final class PdException extends RuntimeException {
    private final Pdpb.ErrorType type;

    public PdException(Pdpb.ErrorType type, String message) {
      super("PD error " + type + ": " + message);
      this.type = type;
    }

    public Pdpb.ErrorType type() {
      return type;
    }
  }
}
