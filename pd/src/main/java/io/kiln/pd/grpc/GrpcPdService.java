package io.kiln.pd.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kiln.pd.cluster.GcSafePoints;
import io.kiln.pd.cluster.PdCluster;
import io.kiln.pd.cluster.PdException;
import io.kiln.pd.cluster.RegionInfo;
import io.kiln.pd.cluster.ServiceSafePoint;
import io.kiln.pd.cluster.StoreInfo;
import io.kiln.pd.id.IdAllocator;
import io.kiln.pd.member.Membership;
import io.kiln.pd.schedule.OperatorController;
import io.kiln.pd.tso.PersistentTso;
import io.kiln.proto.Metapb;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TiKV's {@code pdpb.PD} gRPC service over PD's components. Each RPC checks the request's cluster
 * id (all but GetMembers) and, where PD does, that the cluster is bootstrapped; refusals come
 * back as an error in the response header ({@link PdException}), internal failures as gRPC
 * status UNKNOWN. Every response header carries the cluster id. RPCs not listed here (the
 * deprecated AskSplit/ReportSplit, ScatterRegion, GetOperator, global config...) answer
 * UNIMPLEMENTED.
 */
public final class GrpcPdService extends PDGrpc.PDImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcPdService.class);

  private final PdCluster cluster;
  private final PersistentTso tso;
  private final IdAllocator ids;
  private final GcSafePoints gc;
  private final OperatorController operators;
  private final Supplier<Membership> membership;
  private final PdHeaders headers;

  /**
   * @param membership who leads; null (not known yet) or not this member makes every RPC fail
   *     with UNAVAILABLE, as PD answers on a member that does not lead
   */
  public GrpcPdService(PdCluster cluster, PersistentTso tso, IdAllocator ids, GcSafePoints gc,
      OperatorController operators, Supplier<Membership> membership) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.tso = Objects.requireNonNull(tso, "tso");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.gc = Objects.requireNonNull(gc, "gc");
    this.operators = Objects.requireNonNull(operators, "operators");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.headers = new PdHeaders(cluster.clusterId());
  }

  @Override
  public void getMembers(Pdpb.GetMembersRequest request, StreamObserver<Pdpb.GetMembersResponse> out) {
    Membership members = membership.get();
    if (members == null) {
      out.onError(Status.UNAVAILABLE.withDescription("server not started").asRuntimeException());
      return;
    }
    Pdpb.GetMembersResponse.Builder response = Pdpb.GetMembersResponse.newBuilder()
        .setHeader(headers.ok())
        .addAllMembers(members.members());
    Pdpb.Member leader = members.leader();
    if (leader != null) {
      response.setLeader(leader).setEtcdLeader(leader);
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public StreamObserver<Pdpb.TsoRequest> tso(StreamObserver<Pdpb.TsoResponse> out) {
    if (!leads(out)) {
      return new DiscardingObserver<>();
    }
    return new TsoStream(tso, headers, out);
  }

  @Override
  public void bootstrap(Pdpb.BootstrapRequest request, StreamObserver<Pdpb.BootstrapResponse> out) {
    unary(out, "Bootstrap", h -> Pdpb.BootstrapResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkCluster(request.getHeader());
      cluster.bootstrap(request.getStore(), request.getRegion());
      return Pdpb.BootstrapResponse.newBuilder().setHeader(headers.ok()).build();
    });
  }

  @Override
  public void isBootstrapped(Pdpb.IsBootstrappedRequest request, StreamObserver<Pdpb.IsBootstrappedResponse> out) {
    unary(out, "IsBootstrapped", h -> Pdpb.IsBootstrappedResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkCluster(request.getHeader());
      return Pdpb.IsBootstrappedResponse.newBuilder()
          .setHeader(headers.ok())
          .setBootstrapped(cluster.isBootstrapped())
          .build();
    });
  }

  @Override
  public void allocID(Pdpb.AllocIDRequest request, StreamObserver<Pdpb.AllocIDResponse> out) {
    unary(out, "AllocID", h -> Pdpb.AllocIDResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkCluster(request.getHeader());
      return Pdpb.AllocIDResponse.newBuilder().setHeader(headers.ok()).setId(ids.alloc()).build();
    });
  }

  @Override
  public void getStore(Pdpb.GetStoreRequest request, StreamObserver<Pdpb.GetStoreResponse> out) {
    unary(out, "GetStore", h -> Pdpb.GetStoreResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      StoreInfo store = cluster.stores().get(request.getStoreId());
      if (store == null) {
        throw PdException.unknown("invalid store ID " + request.getStoreId() + ", not found");
      }
      return Pdpb.GetStoreResponse.newBuilder()
          .setHeader(headers.ok())
          .setStore(store.metaForClients())
          .setStats(store.stats())
          .build();
    });
  }

  @Override
  public void putStore(Pdpb.PutStoreRequest request, StreamObserver<Pdpb.PutStoreResponse> out) {
    unary(out, "PutStore", h -> Pdpb.PutStoreResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      cluster.stores().put(request.getStore());
      return Pdpb.PutStoreResponse.newBuilder().setHeader(headers.ok()).build();
    });
  }

  @Override
  public void getAllStores(Pdpb.GetAllStoresRequest request, StreamObserver<Pdpb.GetAllStoresResponse> out) {
    unary(out, "GetAllStores", h -> Pdpb.GetAllStoresResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      Pdpb.GetAllStoresResponse.Builder response = Pdpb.GetAllStoresResponse.newBuilder().setHeader(headers.ok());
      for (StoreInfo store : cluster.stores().all()) {
        if (!(request.getExcludeTombstoneStores() && store.isTombstone())) {
          response.addStores(store.metaForClients());
        }
      }
      return response.build();
    });
  }

  @Override
  public void storeHeartbeat(Pdpb.StoreHeartbeatRequest request, StreamObserver<Pdpb.StoreHeartbeatResponse> out) {
    unary(out, "StoreHeartbeat", h -> Pdpb.StoreHeartbeatResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      if (!request.hasStats()) {
        throw PdException.unknown("invalid store heartbeat: no stats");
      }
      cluster.stores().heartbeat(request.getStats());
      return Pdpb.StoreHeartbeatResponse.newBuilder().setHeader(headers.ok()).build();
    });
  }

  @Override
  public StreamObserver<Pdpb.RegionHeartbeatRequest> regionHeartbeat(StreamObserver<Pdpb.RegionHeartbeatResponse> out) {
    if (!leads(out)) {
      return new DiscardingObserver<>();
    }
    return new RegionHeartbeatStream(cluster, operators, headers, out);
  }

  @Override
  public void getRegion(Pdpb.GetRegionRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
    unary(out, "GetRegion", h -> Pdpb.GetRegionResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      return regionResponse(cluster.regions().byKey(request.getRegionKey()));
    });
  }

  @Override
  public void getPrevRegion(Pdpb.GetRegionRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
    unary(out, "GetPrevRegion", h -> Pdpb.GetRegionResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      return regionResponse(cluster.regions().prev(request.getRegionKey()));
    });
  }

  @Override
  public void getRegionByID(Pdpb.GetRegionByIDRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
    unary(out, "GetRegionByID", h -> Pdpb.GetRegionResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      return regionResponse(cluster.regions().byId(request.getRegionId()));
    });
  }

  @Override
  public void scanRegions(Pdpb.ScanRegionsRequest request, StreamObserver<Pdpb.ScanRegionsResponse> out) {
    unary(out, "ScanRegions", h -> Pdpb.ScanRegionsResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      Pdpb.ScanRegionsResponse.Builder response = Pdpb.ScanRegionsResponse.newBuilder().setHeader(headers.ok());
      for (RegionInfo region : cluster.regions().scan(request.getStartKey(), request.getEndKey(), request.getLimit())) {
        response.addRegionMetas(region.meta());
        response.addLeaders(region.leader() == null ? Metapb.Peer.getDefaultInstance() : region.leader());
        response.addRegions(region.toPdRegion());
      }
      return response.build();
    });
  }

  @Override
  public void askBatchSplit(Pdpb.AskBatchSplitRequest request, StreamObserver<Pdpb.AskBatchSplitResponse> out) {
    unary(out, "AskBatchSplit", h -> Pdpb.AskBatchSplitResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      if (!request.hasRegion()) {
        throw PdException.unknown("missing region for split");
      }
      int count = request.getSplitCount();
      if (count < 0 || count > 4096) {
        throw PdException.unknown("invalid split count " + Integer.toUnsignedString(count));
      }
      return Pdpb.AskBatchSplitResponse.newBuilder()
          .setHeader(headers.ok())
          .addAllIds(cluster.askBatchSplit(request.getRegion(), count))
          .build();
    });
  }

  @Override
  public void reportBatchSplit(Pdpb.ReportBatchSplitRequest request, StreamObserver<Pdpb.ReportBatchSplitResponse> out) {
    unary(out, "ReportBatchSplit", h -> Pdpb.ReportBatchSplitResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      cluster.reportBatchSplit(request.getRegionsList());
      return Pdpb.ReportBatchSplitResponse.newBuilder().setHeader(headers.ok()).build();
    });
  }

  @Override
  public void getClusterConfig(Pdpb.GetClusterConfigRequest request, StreamObserver<Pdpb.GetClusterConfigResponse> out) {
    unary(out, "GetClusterConfig", h -> Pdpb.GetClusterConfigResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      return Pdpb.GetClusterConfigResponse.newBuilder().setHeader(headers.ok()).setCluster(cluster.config()).build();
    });
  }

  @Override
  public void putClusterConfig(Pdpb.PutClusterConfigRequest request, StreamObserver<Pdpb.PutClusterConfigResponse> out) {
    unary(out, "PutClusterConfig", h -> Pdpb.PutClusterConfigResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      cluster.putConfig(request.getCluster());
      return Pdpb.PutClusterConfigResponse.newBuilder().setHeader(headers.ok()).build();
    });
  }

  @Override
  public void getGCSafePoint(Pdpb.GetGCSafePointRequest request, StreamObserver<Pdpb.GetGCSafePointResponse> out) {
    unary(out, "GetGCSafePoint", h -> Pdpb.GetGCSafePointResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      return Pdpb.GetGCSafePointResponse.newBuilder().setHeader(headers.ok()).setSafePoint(gc.gcSafePoint()).build();
    });
  }

  @Override
  public void updateGCSafePoint(Pdpb.UpdateGCSafePointRequest request, StreamObserver<Pdpb.UpdateGCSafePointResponse> out) {
    unary(out, "UpdateGCSafePoint", h -> Pdpb.UpdateGCSafePointResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      long newSafePoint = gc.updateGcSafePoint(request.getSafePoint());
      return Pdpb.UpdateGCSafePointResponse.newBuilder().setHeader(headers.ok()).setNewSafePoint(newSafePoint).build();
    });
  }

  @Override
  public void updateServiceGCSafePoint(Pdpb.UpdateServiceGCSafePointRequest request,
      StreamObserver<Pdpb.UpdateServiceGCSafePointResponse> out) {
    unary(out, "UpdateServiceGCSafePoint",
        h -> Pdpb.UpdateServiceGCSafePointResponse.newBuilder().setHeader(h).build(), () -> {
          headers.checkBootstrapped(request.getHeader(), cluster);
          ServiceSafePoint min = gc.updateServiceSafePoint(request.getServiceId(), request.getTTL(), request.getSafePoint());
          return Pdpb.UpdateServiceGCSafePointResponse.newBuilder()
              .setHeader(headers.ok())
              .setServiceId(min.serviceId())
              .setTTL(gc.ttlSeconds(min))
              .setMinSafePoint(min.safePoint())
              .build();
        });
  }

  @Override
  public void reportMinResolvedTS(Pdpb.ReportMinResolvedTsRequest request,
      StreamObserver<Pdpb.ReportMinResolvedTsResponse> out) {
    unary(out, "ReportMinResolvedTS", h -> Pdpb.ReportMinResolvedTsResponse.newBuilder().setHeader(h).build(), () -> {
      headers.checkBootstrapped(request.getHeader(), cluster);
      return Pdpb.ReportMinResolvedTsResponse.newBuilder().setHeader(headers.ok()).build();
    });
  }

  private Pdpb.GetRegionResponse regionResponse(RegionInfo region) {
    Pdpb.GetRegionResponse.Builder response = Pdpb.GetRegionResponse.newBuilder().setHeader(headers.ok());
    if (region != null) {
      response.setRegion(region.meta())
          .addAllDownPeers(region.downPeers())
          .addAllPendingPeers(region.pendingPeers());
      if (region.leader() != null) {
        response.setLeader(region.leader());
      }
    }
    return response.build();
  }

  /**
   * Answers a unary RPC: {@code body}'s response, or {@code onRefusal} with an error header for a
   * {@link PdException}, or status UNKNOWN for any other failure.
   */
  private <T> void unary(StreamObserver<T> out, String rpc, Function<Pdpb.ResponseHeader, T> onRefusal, Supplier<T> body) {
    if (!leads(out)) {
      return;
    }
    T response;
    try {
      response = body.get();
    } catch (PdException e) {
      LOG.debug("{} refused: {}", rpc, e.getMessage());
      response = onRefusal.apply(headers.error(e));
    } catch (RuntimeException e) {
      LOG.warn("{} failed", rpc, e);
      out.onError(Status.UNKNOWN.withDescription(rpc + " failed: " + e.getMessage()).asRuntimeException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  private boolean leads(StreamObserver<?> out) {
    Membership members = membership.get();
    if (members == null || !members.isLeader()) {
      out.onError(Status.UNAVAILABLE.withDescription("not leader").asRuntimeException());
      return false;
    }
    return true;
  }

  /** The request side of a stream refused at its start. */
  private static final class DiscardingObserver<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
