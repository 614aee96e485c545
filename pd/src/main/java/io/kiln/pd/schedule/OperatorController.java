package io.kiln.pd.schedule;

import io.kiln.pd.clock.PdClock;
import io.kiln.pd.cluster.ClusterView;
import io.kiln.pd.cluster.RegionInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a region heartbeat is answered with: keeps at most one {@link Operator} in flight
 * per region, and asks the {@link RegionScheduler}s (in order, first answer wins) for a new one
 * when the region has none.
 *
 * <p>On each heartbeat of a region with an operator in flight: if the report shows the step
 * done, or the region changed under it (stale), or it has been in flight longer than the
 * timeout, the operator is dropped and the schedulers are asked again (so a timed-out operator
 * is retried, with a fresh plan); otherwise the heartbeat gets no operator. A new operator is
 * returned once, to be sent in the heartbeat's response.
 *
 * <p>Operators live in memory: after a PD restart the schedulers simply plan again.
 * Thread-safe.
 */
public final class OperatorController {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorController.class);

  private final ClusterView cluster;
  private final List<RegionScheduler> schedulers;
  private final PdClock clock;
  private final long timeoutMillis;
  private final Map<Long, Operator> inFlight = new ConcurrentHashMap<>();

  public OperatorController(ClusterView cluster, List<RegionScheduler> schedulers, PdClock clock, long timeoutMillis) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.schedulers = List.copyOf(schedulers);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeoutMillis = timeoutMillis;
  }

  /** The operator to send in answer to this heartbeat of {@code region}, if any. */
  public Optional<Operator> onRegionHeartbeat(RegionInfo region) {
    long now = clock.nowMillis();
    // heartbeats of one region come from its leader's single stream; the compute keeps two
    // streams (an old and a new leader) from both planning
    Operator[] created = new Operator[1];
    inFlight.compute(region.id(), (id, current) -> {
      if (current != null) {
        if (current.isDone(region)) {
          LOG.debug("operator {} on region {} finished", current, id);
        } else if (current.isStale(region)) {
          LOG.info("operator {} on region {} is stale (epoch now {}); dropped", current.desc(), id, region.epoch());
        } else if (current.isTimedOut(now, timeoutMillis)) {
          LOG.info("operator {} on region {} timed out after {} ms; planning again", current.desc(), id, timeoutMillis);
        } else {
          return current;
        }
      }
      Optional<Operator> next = plan(region, now);
      next.ifPresent(op -> {
        created[0] = op;
        LOG.info("region {}: {} {}", id, op.desc(), op.step());
      });
      return next.orElse(null);
    });
    return Optional.ofNullable(created[0]);
  }

  /** The operator in flight for the region, if any. */
  public Optional<Operator> operator(long regionId) {
    return Optional.ofNullable(inFlight.get(regionId));
  }

  /** Forgets every operator (a PD that loses leadership). */
  public void clear() {
    inFlight.clear();
  }

  private Optional<Operator> plan(RegionInfo region, long now) {
    for (RegionScheduler scheduler : schedulers) {
      Optional<Operator> op = scheduler.schedule(region, cluster, now);
      if (op.isPresent()) {
        return op;
      }
    }
    return Optional.empty();
  }
}
