package io.kiln.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench}: a YCSB-style workload against Kiln, etcd or an in-process map; see the
 * package documentation. Exit code 0 when every operation succeeded, 1 when some failed (the
 * results are still printed and written), 2 for bad options or a workload the target cannot run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a YCSB-style workload against Kiln or etcd and reports throughput and latency.",
        "Workloads: a (50%% read / 50%% update), b (95/5), c (read only), e (95%% short scans / 5%% inserts),",
        "write (update only), txn2 (two-key transfer in one transaction).",
        "Exit code: 0 all operations succeeded, 1 some failed (counted in the report), 2 bad options."},
    subcommands = {ProbeCommand.class})
public final class BenchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--target", defaultValue = "kiln", description = "kiln, etcd or memory (default: ${DEFAULT-VALUE}).")
  TargetKind target;

  @Option(names = "--pd", defaultValue = "127.0.0.1:2379", description = "Kiln's PD (default: ${DEFAULT-VALUE}).")
  String pd;

  @Option(names = "--etcd-endpoints", split = ",", defaultValue = "127.0.0.1:12379,127.0.0.1:22379,127.0.0.1:32379",
      description = "etcd members' client addresses, comma separated (default: ${DEFAULT-VALUE}).")
  List<String> etcdEndpoints;

  @Option(names = "--workload", defaultValue = "a", description = "a, b, c, e, write or txn2 (default: ${DEFAULT-VALUE}).")
  Workload workload;

  @Option(names = "--distribution", defaultValue = "zipfian", description = "zipfian or uniform (default: ${DEFAULT-VALUE}).")
  Distribution distribution;

  @Option(names = "--threads", defaultValue = "16", description = "Operations in flight, one per client thread (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--key-size", defaultValue = "16", description = "Key size in bytes (default: ${DEFAULT-VALUE}).")
  int keySize;

  @Option(names = "--value-size", defaultValue = "100", description = "Value size in bytes (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--records", defaultValue = "100000", description = "Records written by the load phase; the key space (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "Measured time, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "Warm-up before measuring, not counted (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the operation streams (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--scan-length", defaultValue = "100", description = "Workload e: a scan reads up to this many keys (default: ${DEFAULT-VALUE}).")
  int scanLength;

  @Option(names = "--timeout-ms", defaultValue = "10000", description = "Per-operation timeout of the client (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = "--no-load", description = "Skip the load phase (the records are already there).")
  boolean noLoad;

  @Option(names = "--csv", description = "Write per-second throughput and latency percentiles per operation type here.")
  Path csv;

  @Option(names = "--plot", description = "Write a PNG of latency over time here.")
  Path plot;

  @Override
  public Integer call() throws InterruptedException {
    BenchSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (BenchTarget t = settings.target().open(settings)) {
      if (settings.workload().needsTransactions() && !t.supportsTransactions()) {
        err.println("kiln bench: workload txn2 is not supported yet by this target (" + t.name()
            + ": no transactional client yet)");
        err.flush();
        return 2;
      }
      BenchResult result = new BenchRunner(settings, t, out).run();
      SummaryReport.print(result, out);
      if (csv != null) {
        CsvReport.write(csv, result.rows());
        out.println("wrote " + csv);
      }
      if (plot != null) {
        LatencyPlot.write(plot, result.rows(), result.target() + ", workload "
            + settings.workload().name().toLowerCase(java.util.Locale.ROOT) + ", " + settings.threads()
            + " in flight, " + settings.valueSize() + " B values");
        out.println("wrote " + plot);
      }
      out.flush();
      return result.totalErrors() == 0 ? 0 : 1;
    }
  }

  /** The options, checked; a bad value is a usage error (exit code 2) naming the option. */
  BenchSettings settings() {
    try {
      return new BenchSettings(target, pd, etcdEndpoints, workload, distribution, threads, keySize, valueSize,
          records, duration, warmup, seed, scanLength, timeoutMs, !noLoad, csv, plot);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
