package io.kiln.testkit.process;

import io.kiln.cli.KilnCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real {@code kiln pd} and {@code kiln server} processes on loopback, as the playground starts
 * them, that a test can kill with SIGKILL and start again over the same data directories.
 */
final class KilnProcesses implements AutoCloseable {

  final Path dir;
  final int pdPort;
  final int[] storePorts;
  private final Map<String, Process> running = new HashMap<>();
  private final Map<String, List<String>> commands = new HashMap<>();

  KilnProcesses(Path dir, int stores) throws IOException {
    this.dir = dir;
    this.pdPort = freePort();
    this.storePorts = new int[stores + 1];
    for (int i = 1; i <= stores; i++) {
      storePorts[i] = freePort();
    }
    commands.put("pd", List.of("pd", "--data-dir", dir.resolve("pd").toString(), "--port", Integer.toString(pdPort),
        "--ready-file", dir.resolve("pd.ready").toString()));
    for (int i = 1; i <= stores; i++) {
      commands.put("store" + i, List.of("server", "--pd", pdAddress(), "--data-dir", dir.resolve("store" + i).toString(),
          "--addr", "127.0.0.1:" + storePorts[i], "--status-addr", "127.0.0.1:" + freePort(), "--raft-base-tick-ms", "100",
          "--ready-file", dir.resolve("store" + i + ".ready").toString()));
    }
  }

  String pdAddress() {
    return "127.0.0.1:" + pdPort;
  }

  /** Starts {@code name} ("pd", "store1", ...) and waits until it serves. */
  void start(String name) throws Exception {
    Path ready = dir.resolve(name + ".ready");
    Files.deleteIfExists(ready);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        KilnCommand.class.getName()));
    cmd.addAll(commands.get(name));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
    running.put(name, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(ready)) {
      if (!p.isAlive()) {
        throw new AssertionError(name + " exited with " + p.exitValue() + ": " + Files.readString(dir.resolve(name + ".log")));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not start in 60 s: " + Files.readString(dir.resolve(name + ".log")));
      }
      Thread.sleep(50);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill9(String name) throws InterruptedException {
    Process p = running.remove(name);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : running.values()) {
      p.destroy();
    }
    for (Process p : running.values()) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    running.clear();
  }
}
