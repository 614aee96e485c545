package io.kiln.raftstore;

import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import java.util.List;

/**
 * Where a store's leaders report their regions (the server sends them to PD as region
 * heartbeats). Called on raftstore threads: implementations queue and return at once.
 */
@FunctionalInterface
public interface PdReporter {

  /** A leader's view of its region: sent periodically, on election and after a membership change. */
  void regionHeartbeat(RegionHeartbeat heartbeat);

  /** Reports nothing (a store without PD, as in tests). */
  PdReporter NONE = hb -> { };

  /**
   * @param region the region as the leader has applied it
   * @param leader this peer
   * @param term the leader's raft term
   * @param pendingPeers peers that are far behind (need a snapshot or are probing)
   * @param approximateKeys keys written since the region started (an estimate; 0 when unknown)
   */
  record RegionHeartbeat(Region region, Peer leader, long term, List<Peer> pendingPeers, long approximateKeys) {}
}
