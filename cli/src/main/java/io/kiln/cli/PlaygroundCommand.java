package io.kiln.cli;

import io.kiln.server.pd.PdStoreClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln playground}: a local cluster of real processes (one PD, N stores) on loopback, like
 * {@code tiup playground}: it starts them, waits until the first region has a leader and all its
 * replicas, prints where everything is, and stops them all on Ctrl-C (SIGTERM to each, then waits).
 */
@Command(name = "playground", mixinStandardHelpOptions = true,
    description = "Starts a local cluster (1 PD + N stores as separate processes) ready for reads and writes.")
public final class PlaygroundCommand implements Callable<Integer> {

  @Option(names = "--stores", defaultValue = "3", description = "Number of stores (default: ${DEFAULT-VALUE}).")
  int stores;

  @Option(names = "--dir", description = "Data folder (default: a new folder under the system temp dir).")
  Path dir;

  @Option(names = "--pd-port", defaultValue = "2379", description = "PD's port (default: ${DEFAULT-VALUE}).")
  int pdPort;

  @Option(names = "--store-port", defaultValue = "20160", description = "First store's port; the others follow (default: ${DEFAULT-VALUE}).")
  int storePort;

  @Option(names = "--status-port", defaultValue = "20180", description = "First store's status port (/metrics, /status); the others follow (default: ${DEFAULT-VALUE}).")
  int statusPort;

  @Option(names = "--tick-ms", defaultValue = "100", description = "Raft tick of the stores (default: ${DEFAULT-VALUE}; TiKV uses 1000).")
  long tickMs;

  @Option(names = "--timeout", defaultValue = "PT60S", description = "How long to wait for the cluster to be ready (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private final List<Process> children = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (stores < 1) {
      throw new IllegalArgumentException("--stores must be at least 1");
    }
    if (dir == null) {
      dir = Files.createTempDirectory("kiln-playground-");
    }
    Files.createDirectories(dir);
    Lifecycle life = Lifecycle.install();
    try {
      String pd = "127.0.0.1:" + pdPort;
      start("pd", List.of("pd", "--data-dir", dir.resolve("pd").toString(), "--port", Integer.toString(pdPort),
          "--max-replicas", Integer.toString(Math.min(3, stores)), "--ready-file", dir.resolve("pd.ready").toString()));
      awaitFile(dir.resolve("pd.ready"));
      List<String> addrs = new ArrayList<>();
      List<String> statusAddrs = new ArrayList<>();
      for (int i = 1; i <= stores; i++) {
        String addr = "127.0.0.1:" + (storePort + i - 1);
        String statusAddr = "127.0.0.1:" + (statusPort + i - 1);
        addrs.add(addr);
        statusAddrs.add(statusAddr);
        start("store" + i, List.of("server", "--pd", pd, "--data-dir", dir.resolve("store" + i).toString(),
            "--addr", addr, "--status-addr", statusAddr, "--raft-base-tick-ms", Long.toString(tickMs),
            "--ready-file", dir.resolve("store" + i + ".ready").toString()));
      }
      for (int i = 1; i <= stores; i++) {
        awaitFile(dir.resolve("store" + i + ".ready"));
      }
      awaitReplicated(pd, Math.min(3, stores));
      System.out.println("Kiln playground is ready: PD at " + pd + ", stores at " + String.join(", ", addrs));
      System.out.println("  status (/metrics, /status) at " + String.join(", ", statusAddrs));
      System.out.println("  data and logs in " + dir + "; Ctrl-C stops the cluster");
      life.awaitStop();
    } finally {
      stopAll();
      life.done();
    }
    return 0;
  }

  private void start(String name, List<String> args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        KilnCommand.class.getName()));
    cmd.addAll(args);
    File log = dir.resolve(name + ".log").toFile();
    children.add(new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start());
  }

  private void awaitFile(Path f) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(f)) {
      for (Process p : children) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a playground process exited (code " + p.exitValue()
              + "); see the logs in " + dir);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + f + "; see the logs in " + dir);
      }
      Thread.sleep(100);
    }
  }

  /** Ready for reads and writes: the first region has a leader and its full set of replicas. */
  private void awaitReplicated(String pd, int replicas) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (PdStoreClient client = new PdStoreClient(pd, 5_000)) {
      while (!client.firstRegionReady(replicas)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster did not become ready within " + timeout + "; see the logs in " + dir);
        }
        Thread.sleep(200);
      }
    }
  }

  private void stopAll() throws InterruptedException {
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).destroy(); // SIGTERM: each closes its stores and engines
    }
    for (Process p : children) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
