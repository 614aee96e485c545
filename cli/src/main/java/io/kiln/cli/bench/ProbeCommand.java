package io.kiln.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bench probe}: this machine's fsync latency and loopback round trip (see {@link MachineProbe}). */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = "Measures this machine's fsync latency (4 KiB append + fdatasync) and loopback TCP round trip.")
public final class ProbeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", defaultValue = "${sys:java.io.tmpdir}",
      description = "Folder for the fsync file: put it on the disk the databases use (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--fsync-samples", defaultValue = "1000", description = "fsyncs to time (default: ${DEFAULT-VALUE}).")
  int fsyncSamples;

  @Option(names = "--rtt-samples", defaultValue = "20000", description = "Round trips to time (default: ${DEFAULT-VALUE}).")
  int rttSamples;

  @Option(names = "--rtt-size", defaultValue = "64", description = "Bytes each way per round trip (default: ${DEFAULT-VALUE}).")
  int rttSize;

  @Override
  public Integer call() {
    if (fsyncSamples < 1 || rttSamples < 1 || rttSize < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--fsync-samples, --rtt-samples and --rtt-size must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    print(out, "fsync (4 KiB append + fdatasync) in " + dir, MachineProbe.fsync(dir, fsyncSamples));
    print(out, "loopback TCP round trip, " + rttSize + " B each way", MachineProbe.loopbackRoundTrip(rttSamples, rttSize));
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, String what, Histogram h) {
    out.printf(Locale.ROOT, "%-50s n=%d  p50 %s ms  p99 %s ms  max %s ms  (%.0f per second back to back)%n", what,
        h.getTotalCount(), SummaryReport.millis(h.getValueAtPercentile(50)), SummaryReport.millis(h.getValueAtPercentile(99)),
        SummaryReport.millis(h.getMaxValue()), 1e6 / Math.max(1, h.getMean()));
  }
}
