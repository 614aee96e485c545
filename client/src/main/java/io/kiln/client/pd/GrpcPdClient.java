package io.kiln.client.pd;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.kiln.client.backoff.BackoffKind;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.error.ServerErrorException;
import io.kiln.proto.Metapb;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link PdClient} over PD's gRPC service ({@code PDGrpc}). Unary calls go to the leader found by
 * {@link PdLeaderConnection}; on a gRPC error the leader is forgotten, the call backs off
 * ({@link BackoffKind#PD_RPC}) and goes to the leader found again, until the PD timeout. A PD
 * that is not bootstrapped yet is retried the same way; other header errors are thrown as
 * {@link ServerErrorException}. Timestamps go through the batching {@link TsoBatcher}.
 */
public final class GrpcPdClient implements PdClient {

  private final PdLeaderConnection connection;
  private final Backoffs backoffs;
  private final long timeoutMs;
  private final long rpcTimeoutMs;
  private final TsoBatcher tso;

  /**
   * @param endpoints PD addresses ({@code host:port}, an {@code http://} prefix is ignored)
   * @param timeoutMs how long one call may keep retrying
   * @param rpcTimeoutMs the deadline of one RPC
   */
  public GrpcPdClient(List<String> endpoints, Backoffs backoffs, long timeoutMs, long rpcTimeoutMs) {
    this.connection = new PdLeaderConnection(endpoints, rpcTimeoutMs);
    this.backoffs = backoffs;
    this.timeoutMs = timeoutMs;
    this.rpcTimeoutMs = rpcTimeoutMs;
    this.tso = new TsoBatcher(connection, backoffs, timeoutMs);
  }

  @Override
  public long clusterId() {
    return call("GetMembers", stub -> stub.getMembers(Pdpb.GetMembersRequest.getDefaultInstance()),
        Pdpb.GetMembersResponse::getHeader).getHeader().getClusterId();
  }

  @Override
  public CompletableFuture<Long> getTimestamp() {
    return tso.next();
  }

  @Override
  public PdRegion getRegion(byte[] key) {
    return region(call("GetRegion", stub -> stub.getRegion(Pdpb.GetRegionRequest.newBuilder()
        .setHeader(header()).setRegionKey(ByteString.copyFrom(key)).build()), Pdpb.GetRegionResponse::getHeader));
  }

  @Override
  public PdRegion getPrevRegion(byte[] key) {
    return region(call("GetPrevRegion", stub -> stub.getPrevRegion(Pdpb.GetRegionRequest.newBuilder()
        .setHeader(header()).setRegionKey(ByteString.copyFrom(key)).build()), Pdpb.GetRegionResponse::getHeader));
  }

  @Override
  public PdRegion getRegionById(long regionId) {
    return region(call("GetRegionByID", stub -> stub.getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder()
        .setHeader(header()).setRegionId(regionId).build()), Pdpb.GetRegionResponse::getHeader));
  }

  @Override
  public List<PdRegion> scanRegions(byte[] start, byte[] end, int limit) {
    Pdpb.ScanRegionsResponse r = call("ScanRegions", stub -> stub.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
        .setHeader(header()).setStartKey(ByteString.copyFrom(start)).setEndKey(ByteString.copyFrom(end))
        .setLimit(limit).build()), Pdpb.ScanRegionsResponse::getHeader);
    List<PdRegion> out = new ArrayList<>();
    if (r.getRegionsCount() > 0) {
      for (Pdpb.Region region : r.getRegionsList()) {
        out.add(new PdRegion(region.getRegion(), region.hasLeader() ? region.getLeader() : null));
      }
    } else {
      for (int i = 0; i < r.getRegionMetasCount(); i++) {
        out.add(new PdRegion(r.getRegionMetas(i), i < r.getLeadersCount() ? r.getLeaders(i) : null));
      }
    }
    return out;
  }

  @Override
  public Metapb.Store getStore(long storeId) {
    Pdpb.GetStoreResponse r = call("GetStore", stub -> stub.getStore(Pdpb.GetStoreRequest.newBuilder()
        .setHeader(header()).setStoreId(storeId).build()), Pdpb.GetStoreResponse::getHeader);
    return r.hasStore() && r.getStore().getId() != 0 ? r.getStore() : null;
  }

  @Override
  public List<Metapb.Store> getAllStores() {
    return call("GetAllStores", stub -> stub.getAllStores(Pdpb.GetAllStoresRequest.newBuilder().setHeader(header())
        .setExcludeTombstoneStores(true).build()), Pdpb.GetAllStoresResponse::getHeader).getStoresList();
  }

  @Override
  public long getGcSafePoint() {
    return call("GetGCSafePoint", stub -> stub.getGCSafePoint(Pdpb.GetGCSafePointRequest.newBuilder()
        .setHeader(header()).build()), Pdpb.GetGCSafePointResponse::getHeader).getSafePoint();
  }

  @Override
  public long updateGcSafePoint(long safePoint) {
    return call("UpdateGCSafePoint", stub -> stub.updateGCSafePoint(Pdpb.UpdateGCSafePointRequest.newBuilder()
        .setHeader(header()).setSafePoint(safePoint).build()), Pdpb.UpdateGCSafePointResponse::getHeader)
        .getNewSafePoint();
  }

  private static PdRegion region(Pdpb.GetRegionResponse r) {
    if (!r.hasRegion() || r.getRegion().getId() == 0) {
      return null;
    }
    return new PdRegion(r.getRegion(), r.hasLeader() ? r.getLeader() : null);
  }

  private Pdpb.RequestHeader header() {
    return Pdpb.RequestHeader.newBuilder().setClusterId(connection.leader().clusterId()).build();
  }

  private <R> R call(String op, Function<PDGrpc.PDBlockingStub, R> rpc, Function<R, Pdpb.ResponseHeader> header) {
    Backoffer backoffer = backoffs.start(op, timeoutMs);
    while (true) {
      PdLeaderConnection.Leader leader = null;
      try {
        leader = connection.leader();
        R response = rpc.apply(PDGrpc.newBlockingStub(leader.channel())
            .withDeadlineAfter(rpcTimeoutMs, TimeUnit.MILLISECONDS));
        Pdpb.ResponseHeader h = response == null ? null : header.apply(response);
        if (h == null || !h.hasError() || h.getError().getType() == Pdpb.ErrorType.OK
            || h.getError().getType() == Pdpb.ErrorType.REGION_NOT_FOUND) {
          return response;
        }
        if (h.getError().getType() != Pdpb.ErrorType.NOT_BOOTSTRAPPED) {
          throw new ServerErrorException("PD " + op + ": " + h.getError().getType() + " " + h.getError().getMessage());
        }
        backoffer.backoff(BackoffKind.PD_RPC, "PD " + op + ": not bootstrapped", null);
      } catch (StatusRuntimeException e) {
        if (leader != null) {
          connection.reset(leader);
        }
        backoffer.backoff(BackoffKind.PD_RPC, "PD " + op + ": " + e.getStatus(), e);
      }
    }
  }

  @Override
  public void close() {
    tso.close();
    connection.close();
  }
}
