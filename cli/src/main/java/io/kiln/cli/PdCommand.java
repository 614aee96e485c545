package io.kiln.cli;

import io.kiln.cli.config.ConfigFiles;
import io.kiln.cli.config.PdFile;
import io.kiln.cli.config.PdSettings;
import io.kiln.engine.Cf;
import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksKvEngine;
import io.kiln.pd.PdServer;
import io.kiln.pd.clock.SystemPdClock;
import io.kiln.server.status.ProcessRegistry;
import io.kiln.server.status.StatusHttpServer;
import io.kiln.server.status.StatusJson;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln pd}: runs a placement driver until SIGTERM or SIGINT. */
@Command(name = "pd", mixinStandardHelpOptions = true,
    description = "Runs the placement driver (TiKV's pdpb.PD service): timestamps, ids, cluster metadata, scheduling.")
public final class PdCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(PdCommand.class);

  @Option(names = "--config", description = "A TOML file with PD's key names (see config/kiln-pd.example.toml).")
  Path config;

  @Option(names = "--data-dir", description = "Where PD keeps its metadata, RocksDB (or data-dir in the file).")
  Path dataDir;

  @Option(names = "--host", description = "Address to listen on (default: 127.0.0.1, or the host of client-urls).")
  String host;

  @Option(names = "--port", description = "Client port, 0 for any free one (default: 2379, or the port of client-urls).")
  Integer port;

  @Option(names = "--name", description = "This member's name (default: pd).")
  String name;

  @Option(names = "--max-replicas", description = "Replicas per region (default: 3, or [replication] max-replicas).")
  Integer maxReplicas;

  @Option(names = "--status-addr", description = "host:port of the status port, /metrics and /status (default: none).")
  String statusAddr;

  @Option(names = "--ready-file", description = "Written with PD's address once it serves (for scripts and playground).")
  Path readyFile;

  @Override
  public Integer call() throws Exception {
    PdFile file = config == null ? PdFile.EMPTY : ConfigFiles.read(config, PdFile.class);
    PdSettings s = PdSettings.resolve(file, new PdSettings.Flags(dataDir, host, port, maxReplicas, name, statusAddr));
    PrometheusRegistry registry = ProcessRegistry.withJvmMetrics();
    Lifecycle life = Lifecycle.install();
    try (RocksKvEngine engine = RocksKvEngine.open(s.dataDir(), List.of(Cf.DEFAULT), RocksEngineOptions.small());
         PdServer pd = new PdServer(s.pd(), engine, new SystemPdClock()).withMetrics(registry).start();
         StatusHttpServer status = s.statusAddr() == null ? null
             : StatusHttpServer.start(s.statusAddr().host(), s.statusAddr().port(), registry, () -> statusJson(pd))) {
      String address = s.pd().host() + ":" + pd.port();
      String statusNote = status == null ? "" : ", status at " + s.statusAddr().host() + ":" + status.port();
      LOG.info("PD serves cluster {} at {}{}", pd.clusterId(), address, statusNote);
      System.out.println("kiln pd: cluster " + pd.clusterId() + " at " + address + statusNote);
      Lifecycle.writeReadyFile(readyFile, address);
      life.awaitStop();
      LOG.info("PD stopping");
    } finally {
      life.done();
    }
    return 0;
  }

  static String statusJson(PdServer pd) {
    var cluster = pd.cluster();
    return new StatusJson()
        .put("cluster_id", Long.toUnsignedString(pd.clusterId()))
        .put("version", KilnVersion.load().getProperty("version"))
        .put("address", pd.clientUrl())
        .put("bootstrapped", cluster.isBootstrapped())
        .put("store_count", cluster.stores().all().stream().filter(st -> !st.isTombstone()).count())
        .put("region_count", cluster.regions().size())
        .toString();
  }
}
