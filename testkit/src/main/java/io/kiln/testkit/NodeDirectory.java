package io.kiln.testkit;

import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.raftstore.CmdCallback;
import io.kiln.raftstore.RaftStore;
import io.kiln.testkit.client.StoreDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A cluster's stores as its clients see them: only running stores take commands. */
final class NodeDirectory implements StoreDirectory {

  private final Map<Long, StoreNode> nodes;
  private final List<Long> ids;

  NodeDirectory(Map<Long, StoreNode> nodes) {
    this.nodes = nodes;
    this.ids = List.copyOf(nodes.keySet());
  }

  @Override
  public List<Long> storeIds() {
    return ids;
  }

  @Override
  public boolean propose(long storeId, RaftCmdRequest request, CmdCallback callback) {
    StoreNode node = nodes.get(storeId);
    RaftStore store = node == null ? null : node.store();
    if (store == null) {
      return false;
    }
    store.propose(request, callback);
    return true;
  }

  @Override
  public Optional<Region> region(long storeId, long regionId) {
    StoreNode node = nodes.get(storeId);
    RaftStore store = node == null ? null : node.store();
    if (store == null) {
      return Optional.empty();
    }
    try {
      return store.region(regionId);
    } catch (RuntimeException e) {
      return Optional.empty(); // the store is stopping
    }
  }
}
