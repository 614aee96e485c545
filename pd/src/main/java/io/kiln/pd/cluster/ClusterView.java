package io.kiln.pd.cluster;

import java.util.List;
import java.util.Map;

/** What schedulers may see of the cluster and do to it. */
public interface ClusterView {

  /** How many replicas every region should have (the cluster's max_peer_count). */
  int maxReplicas();

  /** Stores that may receive new replicas now: up, not tombstone, heartbeat recent. */
  List<StoreInfo> liveStores();

  /** The store, or null. */
  StoreInfo store(long storeId);

  /** How many region peers each store holds. */
  Map<Long, Integer> peerCountByStore();

  /** A fresh id (for a new peer). */
  long allocId();
}
