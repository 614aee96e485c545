package io.kiln.pd.schedule;

import io.kiln.pd.cluster.ClusterView;
import io.kiln.pd.cluster.RegionInfo;
import java.util.Optional;

/**
 * Looks at one region (as its leader just reported it) and may propose an operator for it. The
 * {@link OperatorController} asks its schedulers in order and keeps at most one operator per
 * region in flight. Implementations are stateless or thread-safe.
 */
public interface RegionScheduler {

  /** A short name, used as the operator's description. */
  String name();

  /** An operator for {@code region}, or empty when it needs nothing from this scheduler. */
  Optional<Operator> schedule(RegionInfo region, ClusterView cluster, long nowMillis);
}
