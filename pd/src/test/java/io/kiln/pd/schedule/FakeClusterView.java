package io.kiln.pd.schedule;

import io.kiln.pd.cluster.ClusterView;
import io.kiln.pd.cluster.StoreInfo;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A cluster view the test sets up by hand: live stores, peer counts, an id counter. */
final class FakeClusterView implements ClusterView {

  int maxReplicas = 3;
  final List<StoreInfo> live = new ArrayList<>();
  final Map<Long, Integer> peerCounts = new HashMap<>();
  long nextId = 100;

  FakeClusterView liveStores(long... ids) {
    for (long id : ids) {
      live.add(new StoreInfo(Metapb.Store.newBuilder().setId(id).setAddress("s" + id).build(),
          Pdpb.StoreStats.getDefaultInstance(), 1));
    }
    return this;
  }

  @Override
  public int maxReplicas() {
    return maxReplicas;
  }

  @Override
  public List<StoreInfo> liveStores() {
    return live;
  }

  @Override
  public StoreInfo store(long storeId) {
    return live.stream().filter(s -> s.id() == storeId).findFirst().orElse(null);
  }

  @Override
  public Map<Long, Integer> peerCountByStore() {
    return peerCounts;
  }

  @Override
  public long allocId() {
    return nextId++;
  }
}
