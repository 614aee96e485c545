package io.kiln.cli;

import io.kiln.engine.Cf;
import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksKvEngine;
import io.kiln.pd.PdConfig;
import io.kiln.pd.PdServer;
import io.kiln.pd.clock.SystemPdClock;
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

  @Option(names = "--data-dir", required = true, description = "Where PD keeps its metadata (RocksDB).")
  Path dataDir;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "2379", description = "Client port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--max-replicas", defaultValue = "3", description = "Replicas per region (default: ${DEFAULT-VALUE}).")
  int maxReplicas;

  @Option(names = "--ready-file", description = "Written with PD's address once it serves (for scripts and playground).")
  Path readyFile;

  @Override
  public Integer call() throws Exception {
    Lifecycle life = Lifecycle.install();
    try (RocksKvEngine engine = RocksKvEngine.open(dataDir, List.of(Cf.DEFAULT), RocksEngineOptions.small());
         PdServer pd = new PdServer(PdConfig.defaults().withHost(host).withPort(port).withMaxReplicas(maxReplicas),
             engine, new SystemPdClock()).start()) {
      String address = host + ":" + pd.port();
      LOG.info("PD serves cluster {} at {}", pd.clusterId(), address);
      System.out.println("kiln pd: cluster " + pd.clusterId() + " at " + address);
      Lifecycle.writeReadyFile(readyFile, address);
      life.awaitStop();
      LOG.info("PD stopping");
    } finally {
      life.done();
    }
    return 0;
  }
}
