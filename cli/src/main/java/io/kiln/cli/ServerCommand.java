package io.kiln.cli;

import io.kiln.cli.config.ConfigFiles;
import io.kiln.cli.config.ServerFile;
import io.kiln.cli.config.ServerSettings;
import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksEngines;
import io.kiln.raftstore.RaftStore;
import io.kiln.server.ServerConfig;
import io.kiln.server.StoreServer;
import io.kiln.server.pd.PdAddressResolver;
import io.kiln.server.pd.PdBootstrap;
import io.kiln.server.pd.PdStoreClient;
import io.kiln.storage.gc.GcWorker;
import io.kiln.server.pd.PdWorker;
import io.kiln.server.status.ProcessRegistry;
import io.kiln.server.status.StatusHttpServer;
import io.kiln.server.status.StatusJson;
import io.kiln.server.status.StoreMetrics;
import io.kiln.server.status.StoreStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln server}: runs one store (TiKV's {@code tikv-server}) until SIGTERM or SIGINT. On
 * first start it gets its store id from PD (and bootstraps the cluster if it is the first store);
 * then it registers its address and status address, serves the {@code tikvpb.Tikv} API and the
 * status port ({@code /metrics}, {@code /status}), and heartbeats to PD. Settings come from the
 * flags, then {@code --config FILE} (TiKV's names), then the defaults.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Runs a store: TiKV's tikvpb.Tikv gRPC API over the multi-Raft store, registered with PD.")
public final class ServerCommand implements Callable<Integer> {

  /** How often the store reads PD's GC safe point (TiKV: every 10 s). */
  private static final long GC_POLL_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  @Option(names = "--config", description = "A TOML file with TiKV's section and key names (see config/kiln-server.example.toml).")
  Path config;

  @Option(names = "--pd", description = "PD's address, host:port (or [pd] endpoints in the file).")
  String pdAddress;

  @Option(names = "--data-dir", description = "Where the store keeps its data: db/, raft/, snap/ (or [storage] data-dir).")
  Path dataDir;

  @Option(names = "--addr", description = "host:port to serve on and advertise (default: " + ServerSettings.DEFAULT_ADDR + ").")
  String addr;

  @Option(names = "--status-addr", description = "host:port of the status port, /metrics and /status; port 0 picks one (default: "
      + ServerSettings.DEFAULT_STATUS_ADDR + ").")
  String statusAddr;

  @Option(names = "--raft-base-tick-ms", description = "Raft tick in ms (default: 1000, or [raftstore] raft-base-tick-interval); election after 10 ticks.")
  Long tickMs;

  @Option(names = "--ready-file", description = "Written with the store's id, address and status address once it serves.")
  Path readyFile;

  @Override
  public Integer call() throws Exception {
    ServerFile file = config == null ? ServerFile.EMPTY : ConfigFiles.read(config, ServerFile.class);
    ServerSettings s = ServerSettings.resolve(file,
        new ServerSettings.Flags(pdAddress, dataDir, addr, statusAddr, tickMs));
    String address = s.addr().toString();
    RocksEngineOptions engineOptions = s.blockCacheCapacity() < 0 ? RocksEngineOptions.defaults()
        : RocksEngineOptions.defaults().withBlockCacheSize(s.blockCacheCapacity());
    ServerConfig serverConfig = ServerConfig.defaults().withListen(s.addr().host(), s.addr().port())
        .withMaxInboundMessageBytes(s.grpcMaxRecvMsgLen());
    String version = KilnVersion.load().getProperty("version");
    long startMillis = System.currentTimeMillis();
    PrometheusRegistry registry = ProcessRegistry.withJvmMetrics();
    AtomicReference<StoreServer> running = new AtomicReference<>();
    AtomicReference<String> statusAddress = new AtomicReference<>("");
    Lifecycle life = Lifecycle.install();
    try (RocksEngines engines = RocksEngines.open(s.dataDir(), engineOptions);
         PdStoreClient pd = new PdStoreClient(s.pd(), 10_000);
         StatusHttpServer status = StatusHttpServer.start(s.statusAddr().host(), s.statusAddr().port(), registry,
             () -> statusJson(running.get(), engines, version, address, statusAddress.get(), startMillis))) {
      statusAddress.set(s.statusAddr().host() + ":" + status.port());
      StoreMetrics.registerBlockCache(registry, () -> engines.blockCache().usage(),
          () -> engines.blockCache().capacity());
      long storeId = PdBootstrap.start(pd, engines.kv(), engines.raft(), address, statusAddress.get());
      try (StoreServer server = new StoreServer(storeId, s.raft(), serverConfig, engines.kv(), engines.raft(),
          new PdAddressResolver(pd), s.dataDir().resolve("snap")).withMetrics(registry)
          .withStorage(s.storage(), pd.timestamp()).start();
           PdWorker worker = new PdWorker(pd, server.raftStore(), s.dataDir(), 10_000);
           GcWorker gc = new GcWorker(server.raftStore(), pd::gcSafePoint).start(GC_POLL_MS)) {
        running.set(server);
        RaftStore store = server.raftStore();
        store.setPdReporter(worker);
        worker.start();
        store.reportAllRegions();
        LOG.info("store {} serves at {}, status at {} (PD {})", storeId, address, statusAddress.get(), s.pd());
        System.out.println("kiln server: store " + storeId + " at " + address + ", status at " + statusAddress.get());
        Lifecycle.writeReadyFile(readyFile, storeId + " " + address + " " + statusAddress.get());
        life.awaitStop();
        LOG.info("store {} stopping", storeId);
        running.set(null);
      }
    } finally {
      life.done();
    }
    return 0;
  }

  private static String statusJson(StoreServer server, RocksEngines engines, String version, String address,
      String statusAddress, long startMillis) {
    if (server == null) {
      return new StatusJson().put("state", "starting").put("version", version).put("address", address).toString();
    }
    return StoreStatus.json(server.raftStore(), version, address, statusAddress, startMillis,
        System.currentTimeMillis());
  }
}
