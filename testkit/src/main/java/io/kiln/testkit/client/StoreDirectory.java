package io.kiln.testkit.client;

import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.raftstore.CmdCallback;
import java.util.List;
import java.util.Optional;

/**
 * The stores a {@link ClusterClient} can talk to, as a cluster exposes them: a client reaches a
 * store directly (in process), not through the simulated network, so partitions between stores do
 * not cut clients off; {@link ClientOptions#stores()} does.
 */
public interface StoreDirectory {

  /** Every store of the cluster, running or not, in a stable order. */
  List<Long> storeIds();

  /**
   * Hands {@code request} to store {@code storeId} if it is running. Returns false when it is not
   * (the callback is then never called). Even when it returns true, the callback may never come
   * (the store stops, its messages are lost): callers wait with a timeout.
   */
  boolean propose(long storeId, RaftCmdRequest request, CmdCallback callback);

  /** Region {@code regionId} as store {@code storeId} knows it; empty if stopped or unknown there. */
  Optional<Region> region(long storeId, long regionId);
}
