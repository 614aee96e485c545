package io.kiln.testkit.client;

import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.proto.RaftCmdpb.Response;
import io.kiln.raftstore.CmdCallback;
import io.kiln.raftstore.CmdResult;
import io.kiln.raftstore.RegionErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Stores that answer as each test scripts them, recording every command they get. A store whose
 * script returns null keeps the command forever (no answer); a store marked down refuses it.
 */
final class FakeStores implements StoreDirectory {

  record Call(long store, RaftCmdRequest request) {}

  final List<Long> ids;
  final Map<Long, Function<RaftCmdRequest, CmdResult>> scripts = new ConcurrentHashMap<>();
  final Map<Long, Region> regions = new ConcurrentHashMap<>();
  final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  final java.util.Set<Long> down = ConcurrentHashMap.newKeySet();

  FakeStores(int n) {
    List<Long> l = new ArrayList<>();
    for (long s = 1; s <= n; s++) {
      l.add(s);
      scripts.put(s, r -> null);
    }
    ids = List.copyOf(l);
  }

  static Region region(int stores, long confVer, long version) {
    Region.Builder b = Region.newBuilder().setId(1)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(confVer).setVersion(version));
    for (long s = 1; s <= stores; s++) {
      b.addPeers(Peer.newBuilder().setId(100 + s).setStoreId(s));
    }
    return b.build();
  }

  static CmdResult ok(Response... responses) {
    return new CmdResult(RaftCmdResponse.newBuilder().setHeader(RaftResponseHeader.getDefaultInstance())
        .addAllResponses(List.of(responses)).build(), null);
  }

  static CmdResult error(io.kiln.proto.Errorpb.Error e) {
    return RegionErrors.result(e);
  }

  static Peer peer(long store) {
    return Peer.newBuilder().setId(100 + store).setStoreId(store).build();
  }

  List<Long> storesCalled() {
    synchronized (calls) {
      return calls.stream().map(Call::store).toList();
    }
  }

  @Override
  public List<Long> storeIds() {
    return ids;
  }

  @Override
  public boolean propose(long storeId, RaftCmdRequest request, CmdCallback callback) {
    if (down.contains(storeId)) {
      return false;
    }
    calls.add(new Call(storeId, request));
    CmdResult r = scripts.get(storeId).apply(request);
    if (r != null) {
      callback.onResult(r);
    }
    return true;
  }

  @Override
  public Optional<Region> region(long storeId, long regionId) {
    return down.contains(storeId) ? Optional.empty() : Optional.ofNullable(regions.get(storeId));
  }
}
