package io.kiln.raftstore;

import com.google.protobuf.ByteString;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.GetRequest;
import io.kiln.proto.RaftCmdpb.PutRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftRequestHeader;
import io.kiln.proto.RaftCmdpb.Request;
import io.kiln.proto.RaftServerpb.RaftMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A few stores on in-memory engines in one JVM, joined by a direct transport with an optional
 * drop filter: just enough to test the raftstore's own behaviour (the testkit's Cluster is the
 * full one, with RocksDB and network faults).
 */
final class MiniCluster implements AutoCloseable {

  final int n;
  final RaftStore[] stores;
  final KvEngine[] kvs;
  final RaftEngine[] rafts;
  final ExecutorService net = Executors.newSingleThreadExecutor();
  volatile Predicate<RaftMessage> drop = m -> false;
  final RaftStoreConfig config;
  final java.util.List<PdReporter.RegionHeartbeat> heartbeats = new java.util.concurrent.CopyOnWriteArrayList<>();
  final java.nio.file.Path[] snapDirs;

  /**
   * Test timeouts, but elections after 300-600 ms so that a loaded 2-core machine does not
   * depose leaders in tests that do not test failover.
   */
  static RaftStoreConfig steady() {
    return RaftStoreConfig.forTests().toBuilder().raftElectionTimeoutTicks(30).maxLeaderLeaseMs(250).build();
  }

  MiniCluster(int n, RaftStoreConfig config) {
    this(n, n, config);
  }

  /** {@code n} stores, of which the first {@code members} hold the region's initial peers. */
  MiniCluster(int n, int members, RaftStoreConfig config) {
    this.n = n;
    this.config = config;
    stores = new RaftStore[n + 1];
    kvs = new KvEngine[n + 1];
    rafts = new RaftEngine[n + 1];
    snapDirs = new java.nio.file.Path[n + 1];
    Region.Builder region = Region.newBuilder().setId(1)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1));
    for (int s = 1; s <= members; s++) {
      region.addPeers(Peer.newBuilder().setId(100 + s).setStoreId(s));
    }
    for (int s = 1; s <= n; s++) {
      kvs[s] = new MemoryKvEngine();
      try {
        snapDirs[s] = java.nio.file.Files.createTempDirectory("kiln-mini-snap-" + s + "-");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      rafts[s] = new KvRaftEngine(new MemoryKvEngine());
      StoreBootstrap.bootstrapStore(kvs[s], 1, s);
      if (s <= members) {
        StoreBootstrap.bootstrapFirstRegion(kvs[s], rafts[s], region.build());
      }
    }
    for (int s = 1; s <= n; s++) {
      start(s);
    }
  }

  void start(int s) {
    stores[s] = new RaftStore(s, config, kvs[s], rafts[s], this::deliver, System::nanoTime, snapDirs[s]);
    stores[s].setPdReporter(heartbeats::add);
    stores[s].start();
  }

  void stop(int s) {
    stores[s].close();
    stores[s] = null;
  }

  private void deliver(RaftMessage m) {
    if (drop.test(m)) {
      return;
    }
    if (m.getMessage().getMsgType() == io.kiln.proto.Eraftpb.MessageType.MsgSnapshot) {
      net.execute(() -> streamSnapshot(m));
      return;
    }
    net.execute(() -> {
      RaftStore to = stores[(int) m.getToPeer().getStoreId()];
      if (to != null && !drop.test(m)) {
        to.onRaftMessage(m);
      }
    });
  }

  /** Streams a snapshot's files in 64 KiB chunks, as the server's Snapshot RPC does. */
  private void streamSnapshot(RaftMessage m) {
    RaftStore from = stores[(int) m.getFromPeer().getStoreId()];
    if (from != null) {
      InProcessSnapshots.transfer(from, stores[(int) m.getToPeer().getStoreId()], m, 64 * 1024);
    }
  }

  int waitLeader() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (int s = 1; s <= n; s++) {
        if (stores[s] != null && stores[s].isLeader(1)) {
          return s;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no leader within 10 s");
  }

  RaftCmdRequest.Builder cmd(int store) {
    Region r = stores[store].region(1).orElseThrow();
    return RaftCmdRequest.newBuilder().setHeader(RaftRequestHeader.newBuilder().setRegionId(1)
        .setPeer(stores[store].peer(1).orElseThrow()).setRegionEpoch(r.getRegionEpoch()));
  }

  CmdResult run(int store, RaftCmdRequest req) throws Exception {
    CompletableFuture<CmdResult> f = new CompletableFuture<>();
    stores[store].propose(req, f::complete);
    return f.get(10, TimeUnit.SECONDS);
  }

  CmdResult put(int store, String k, String v) throws Exception {
    return run(store, cmd(store).addRequests(Request.newBuilder().setCmdType(CmdType.Put)
        .setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(k)).setValue(ByteString.copyFromUtf8(v))))
        .build());
  }

  CmdResult get(int store, String k) throws Exception {
    return run(store, cmd(store).addRequests(Request.newBuilder().setCmdType(CmdType.Get)
        .setGet(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(k)))).build());
  }

  List<RaftStore> running() {
    List<RaftStore> l = new ArrayList<>();
    for (int s = 1; s <= n; s++) {
      if (stores[s] != null) {
        l.add(stores[s]);
      }
    }
    return l;
  }

  @Override
  public void close() {
    for (int s = 1; s <= n; s++) {
      if (stores[s] != null) {
        stores[s].close();
      }
    }
    net.shutdownNow();
    for (int s = 1; s <= n; s++) {
      deleteTree(snapDirs[s]);
    }
  }

  private static void deleteTree(java.nio.file.Path dir) {
    try (var paths = java.nio.file.Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort
    }
  }
}
