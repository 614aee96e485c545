package io.kiln.pd.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kiln.pd.cluster.PdCluster;
import io.kiln.pd.cluster.PdException;
import io.kiln.pd.cluster.RegionInfo;
import io.kiln.pd.schedule.Operator;
import io.kiln.pd.schedule.OperatorController;
import io.kiln.proto.Pdpb;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RegionHeartbeat stream (a store's leaders report their regions through it). As in PD, a
 * heartbeat is answered only when there is something to say: an operator for the region, or an
 * error (wrong cluster, not bootstrapped, invalid or stale region) in the header. Heartbeats
 * without a leader are dropped, as PD drops them. The stream stays open after an error.
 */
final class RegionHeartbeatStream implements StreamObserver<Pdpb.RegionHeartbeatRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(RegionHeartbeatStream.class);

  private final PdCluster cluster;
  private final OperatorController operators;
  private final PdHeaders headers;
  private final StreamObserver<Pdpb.RegionHeartbeatResponse> out;
  private boolean failed;

  RegionHeartbeatStream(PdCluster cluster, OperatorController operators, PdHeaders headers,
      StreamObserver<Pdpb.RegionHeartbeatResponse> out) {
    this.cluster = cluster;
    this.operators = operators;
    this.headers = headers;
    this.out = out;
  }

  @Override
  public void onNext(Pdpb.RegionHeartbeatRequest request) {
    if (failed) {
      return;
    }
    Optional<Pdpb.RegionHeartbeatResponse> response;
    try {
      response = handle(request);
    } catch (PdException e) {
      response = Optional.of(Pdpb.RegionHeartbeatResponse.newBuilder()
          .setHeader(headers.error(e))
          .setRegionId(request.getRegion().getId())
          .build());
    } catch (RuntimeException e) {
      LOG.warn("region heartbeat of region {} failed", request.getRegion().getId(), e);
      failed = true;
      out.onError(Status.UNKNOWN.withDescription("region heartbeat failed: " + e.getMessage()).asRuntimeException());
      return;
    }
    response.ifPresent(out::onNext);
  }

  private Optional<Pdpb.RegionHeartbeatResponse> handle(Pdpb.RegionHeartbeatRequest request) {
    headers.checkBootstrapped(request.getHeader(), cluster);
    if (!request.hasLeader() || request.getLeader().getId() == 0) {
      LOG.debug("dropped a heartbeat of region {} without a leader", request.getRegion().getId());
      return Optional.empty();
    }
    if (request.getRegion().getId() == 0) {
      throw PdException.unknown("invalid request region: region id is 0");
    }
    long storeId = request.getLeader().getStoreId();
    if (cluster.stores().get(storeId) == null) {
      throw PdException.unknown("invalid store ID " + storeId + ", not found");
    }
    RegionInfo region = RegionInfo.fromHeartbeat(request);
    cluster.regions().put(region);
    Optional<Operator> op = operators.onRegionHeartbeat(region);
    return op.map(o -> HeartbeatResponses.of(o, region, headers.ok()));
  }

  @Override
  public void onError(Throwable t) {
    LOG.debug("region heartbeat stream ended by the client: {}", t.toString());
  }

  @Override
  public void onCompleted() {
    if (!failed) {
      out.onCompleted();
    }
  }
}
