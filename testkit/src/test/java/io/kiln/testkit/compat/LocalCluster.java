package io.kiln.testkit.compat;

import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.PdConfig;
import io.kiln.pd.PdServer;
import io.kiln.pd.clock.SystemPdClock;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.server.ServerConfig;
import io.kiln.server.StoreServer;
import io.kiln.server.pd.PdAddressResolver;
import io.kiln.server.pd.PdBootstrap;
import io.kiln.server.pd.PdStoreClient;
import io.kiln.server.pd.PdWorker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code kiln playground} runs, in one JVM: a PD and N stores over gRPC on loopback,
 * composed exactly as {@code kiln pd} and {@code kiln server} compose them (PD bootstrap by the
 * first store, registration, heartbeats, PD's replica checker adding peers), on in-memory
 * engines. Ready when the first region has all its replicas and a leader.
 */
public final class LocalCluster implements AutoCloseable {

  final PdServer pd;
  public final String pdAddress;
  final List<AutoCloseable> closeables = new ArrayList<>();
  public final List<StoreServer> stores = new ArrayList<>();

  public LocalCluster(int n) throws Exception {
    pd = new PdServer(PdConfig.defaults().withPort(0).withMaxReplicas(Math.min(3, n)), new MemoryKvEngine(),
        new SystemPdClock()).start();
    pdAddress = "127.0.0.1:" + pd.port();
    RaftStoreConfig raft = RaftStoreConfig.builder().raftBaseTickIntervalMs(20).maxLeaderLeaseMs(150)
        .pdHeartbeatTicks(10).build();
    for (int i = 0; i < n; i++) {
      MemoryKvEngine kv = new MemoryKvEngine();
      KvRaftEngine raftEngine = new KvRaftEngine(new MemoryKvEngine());
      PdStoreClient client = new PdStoreClient(pdAddress, 5_000);
      int port = freePort();
      String addr = "127.0.0.1:" + port;
      long storeId = PdBootstrap.start(client, kv, raftEngine, addr, "");
      Path snap = Files.createTempDirectory("kiln-compat-snap-");
      StoreServer server = new StoreServer(storeId, raft, ServerConfig.defaults().withListen("127.0.0.1", port),
          kv, raftEngine, new PdAddressResolver(client), snap).start();
      PdWorker worker = new PdWorker(client, server.raftStore(), null, 200);
      server.raftStore().setPdReporter(worker);
      worker.start();
      server.raftStore().reportAllRegions();
      stores.add(server);
      closeables.add(client);
      closeables.add(server);
      closeables.add(worker);
    }
    awaitReplicated(Math.min(3, n));
  }

  private void awaitReplicated(int replicas) throws InterruptedException {
    try (PdStoreClient client = new PdStoreClient(pdAddress, 5_000)) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (client.firstRegionReady(replicas)) {
          return;
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the cluster did not replicate its first region in 30 s");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops the store server with this id (as a crash would, to its peers); the others elect new leaders. */
  public void stopStore(long storeId) {
    for (StoreServer s : stores) {
      if (s.storeId() == storeId) {
        s.close();
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    pd.close();
  }
}
