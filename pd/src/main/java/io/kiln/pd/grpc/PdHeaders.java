package io.kiln.pd.grpc;

import io.kiln.pd.cluster.PdCluster;
import io.kiln.pd.cluster.PdException;
import io.kiln.proto.Pdpb;

/**
 * Response headers (every one carries the cluster id) and the checks every request passes
 * first: the right cluster id, and for most requests a bootstrapped cluster.
 */
final class PdHeaders {

  private final long clusterId;
  private final Pdpb.ResponseHeader ok;

  PdHeaders(long clusterId) {
    this.clusterId = clusterId;
    this.ok = Pdpb.ResponseHeader.newBuilder().setClusterId(clusterId).build();
  }

  Pdpb.ResponseHeader ok() {
    return ok;
  }

  Pdpb.ResponseHeader error(PdException e) {
    return Pdpb.ResponseHeader.newBuilder().setClusterId(clusterId).setError(e.toError()).build();
  }

  /**
   * @throws PdException UNKNOWN when the request is for another cluster
   */
  void checkCluster(Pdpb.RequestHeader header) {
    if (header.getClusterId() != clusterId) {
      throw PdException.unknown("mismatch cluster id, need " + Long.toUnsignedString(clusterId)
          + " but got " + Long.toUnsignedString(header.getClusterId()));
    }
  }

  /**
   * @throws PdException UNKNOWN for another cluster, NOT_BOOTSTRAPPED before bootstrap
   */
  void checkBootstrapped(Pdpb.RequestHeader header, PdCluster cluster) {
    checkCluster(header);
    if (!cluster.isBootstrapped()) {
      throw PdException.notBootstrapped();
    }
  }
}
