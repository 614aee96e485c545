package io.kiln.pd.cluster;

import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.Objects;

/**
 * What PD knows of a store: its metadata (persisted), the statistics of its last heartbeat and
 * when that heartbeat came (in memory only; 0 = none since PD started).
 */
public record StoreInfo(Metapb.Store meta, Pdpb.StoreStats stats, long lastHeartbeatMillis) {

  public StoreInfo {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(stats, "stats");
  }

  public long id() {
    return meta.getId();
  }

  /** Tombstone (or its newer name, node state Removed): gone for good. */
  public boolean isTombstone() {
    return meta.getState() == Metapb.StoreState.Tombstone
        || meta.getNodeState() == Metapb.NodeState.Removed;
  }

  /**
   * May receive new replicas: state Up and a heartbeat within {@code disconnectMillis} of {@code
   * nowMillis} (PD's "disconnected" stores are not used as targets).
   */
  public boolean isLive(long nowMillis, long disconnectMillis) {
    return meta.getState() == Metapb.StoreState.Up
        && !isTombstone()
        && lastHeartbeatMillis > 0
        && nowMillis - lastHeartbeatMillis <= disconnectMillis;
  }

  /** The metadata as PD answers it: with the last heartbeat time (Unix nanoseconds) filled in. */
  public Metapb.Store metaForClients() {
    if (lastHeartbeatMillis == 0) {
      return meta;
    }
    return meta.toBuilder().setLastHeartbeat(lastHeartbeatMillis * 1_000_000L).build();
  }

  public StoreInfo withMeta(Metapb.Store newMeta) {
    return new StoreInfo(newMeta, stats, lastHeartbeatMillis);
  }

  public StoreInfo withHeartbeat(Pdpb.StoreStats newStats, long nowMillis) {
    return new StoreInfo(meta, newStats, nowMillis);
  }
}
