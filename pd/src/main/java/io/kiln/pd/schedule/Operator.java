package io.kiln.pd.schedule;

import io.kiln.pd.cluster.RegionInfo;
import io.kiln.proto.Metapb;
import java.util.Objects;

/**
 * A change PD wants made to one region: a single {@link OperatorStep}, created against the
 * region's epoch at {@code createdAtMillis}, by the scheduler named in {@code desc}.
 */
public record Operator(String desc, long regionId, Metapb.RegionEpoch epoch, OperatorStep step, long createdAtMillis) {

  public Operator {
    Objects.requireNonNull(desc, "desc");
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(step, "step");
  }

  /** Done: the region's report shows the step made. */
  public boolean isDone(RegionInfo region) {
    return step.isDoneIn(region);
  }

  /**
   * Overtaken: the region's membership changed while the step is still not made, so the step
   * was planned against a membership that no longer exists. (A split alone does not overtake
   * it: the leader proposes the change with the region's current epoch.)
   */
  public boolean isStale(RegionInfo region) {
    return !isDone(region) && region.epoch().getConfVer() > epoch.getConfVer();
  }

  public boolean isTimedOut(long nowMillis, long timeoutMillis) {
    return nowMillis - createdAtMillis > timeoutMillis;
  }
}
