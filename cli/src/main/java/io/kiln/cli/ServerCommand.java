package io.kiln.cli;

import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksEngines;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.server.ServerConfig;
import io.kiln.server.StoreServer;
import io.kiln.server.pd.PdAddressResolver;
import io.kiln.server.pd.PdBootstrap;
import io.kiln.server.pd.PdStoreClient;
import io.kiln.server.pd.PdWorker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln server}: runs one store (TiKV's {@code tikv-server}) until SIGTERM or SIGINT. On
 * first start it gets its store id from PD (and bootstraps the cluster if it is the first store);
 * then it registers its address, serves the {@code tikvpb.Tikv} API, and heartbeats to PD.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Runs a store: TiKV's tikvpb.Tikv gRPC API over the multi-Raft store, registered with PD.")
public final class ServerCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  @Option(names = "--pd", required = true, description = "PD's address, host:port.")
  String pdAddress;

  @Option(names = "--data-dir", required = true, description = "Where the store keeps its data (db/, raft/, snap/).")
  Path dataDir;

  @Option(names = "--addr", defaultValue = "127.0.0.1:20160", description = "host:port to serve on and advertise (default: ${DEFAULT-VALUE}).")
  String addr;

  @Option(names = "--raft-base-tick-ms", defaultValue = "1000", description = "Raft tick (default: ${DEFAULT-VALUE}); election after 10 ticks.")
  long tickMs;

  @Option(names = "--ready-file", description = "Written with the store's id and address once it serves.")
  Path readyFile;

  @Override
  public Integer call() throws Exception {
    int colon = addr.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--addr must be host:port, got '" + addr + "'");
    }
    String host = addr.substring(0, colon);
    int port = Integer.parseInt(addr.substring(colon + 1));
    RaftStoreConfig raftConfig = RaftStoreConfig.builder().raftBaseTickIntervalMs(tickMs)
        .maxLeaderLeaseMs(tickMs * 9).pdHeartbeatTicks((int) Math.max(1, 10_000 / tickMs)).build();
    Lifecycle life = Lifecycle.install();
    try (RocksEngines engines = RocksEngines.open(dataDir, RocksEngineOptions.defaults());
         PdStoreClient pd = new PdStoreClient(pdAddress, 10_000)) {
      long storeId = PdBootstrap.start(pd, engines.kv(), engines.raft(), addr, "");
      try (StoreServer server = new StoreServer(storeId, raftConfig, ServerConfig.defaults().withListen(host, port),
          engines.kv(), engines.raft(), new PdAddressResolver(pd), dataDir.resolve("snap")).start();
           PdWorker worker = new PdWorker(pd, server.raftStore(), dataDir, 10_000)) {
        RaftStore store = server.raftStore();
        store.setPdReporter(worker);
        worker.start();
        store.reportAllRegions();
        LOG.info("store {} serves at {} (PD {})", storeId, addr, pdAddress);
        System.out.println("kiln server: store " + storeId + " at " + addr);
        Lifecycle.writeReadyFile(readyFile, storeId + " " + addr);
        life.awaitStop();
        LOG.info("store {} stopping", storeId);
      }
    } finally {
      life.done();
    }
    return 0;
  }
}
