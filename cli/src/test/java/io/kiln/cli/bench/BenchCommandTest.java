package io.kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.cli.KilnCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchCommandTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cmd = KilnCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--threads|0|--threads must be between 1 and 4096, got 0",
      "--records|0|--records must be at least 1, got 0",
      "--key-size|4|--key-size 4 is too small for 100000 records: it needs at least 6 bytes",
      "--value-size|0|--value-size must be between 1",
      "--duration|0s|--duration must be at least 1s",
      "--duration|soon|bad duration 'soon'",
      "--workload|f|--workload",
      "--distribution|latest|--distribution",
      "--target|redis|--target",
      "--scan-length|0|--scan-length must be at least 1, got 0",
      "--records|1 --workload txn2|--workload txn2 needs at least 2 --records"})
  void aBadValueIsAClearErrorWithExitCode2(String option, String value, String message) {
    String[] values = value.split(" ");
    String[] args = new String[3 + 1 + values.length];
    args[0] = "bench";
    args[1] = "--target";
    args[2] = "memory";
    args[3] = option;
    System.arraycopy(values, 0, args, 4, values.length);
    Run r = run(args);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }

  @Test
  void etcdWithoutEndpointsIsAClearError() {
    Run r = run("bench", "--target", "etcd", "--etcd-endpoints", "");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--target etcd needs --etcd-endpoints");
  }

  @Test
  void aShortRunAgainstTheInMemoryTargetReportsWritesTheCsvAndThePlot() throws Exception {
    Path csv = dir.resolve("a.csv");
    Path png = dir.resolve("a.png");
    Run r = run("bench", "--target", "memory", "--workload", "a", "--records", "2000", "--threads", "4",
        "--duration", "2s", "--warmup", "1s", "--seed", "7", "--csv", csv.toString(), "--plot", png.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("load phase done: 2000 records written, 0 failed")
        .contains("== memory, workload a, 4 in flight").contains("read ").contains("update ")
        .contains("errors 0").doesNotContain("reads that found no value");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(CsvReport.HEADER);
    assertThat(lines).anyMatch(l -> l.contains(",warmup,read,")).anyMatch(l -> l.contains(",run,update,"));
    assertThat(ImageIO.read(png.toFile())).isNotNull();
  }

  @Test
  void txn2AndScansRunAgainstTheInMemoryTarget() {
    Run txn = run("bench", "--target", "memory", "--workload", "txn2", "--records", "100", "--threads", "2",
        "--duration", "1s", "--warmup", "0s");
    assertThat(txn.exitCode()).as(txn.out() + txn.err()).isZero();
    assertThat(txn.out()).contains("txn ");
    Run scans = run("bench", "--target", "memory", "--workload", "e", "--records", "100", "--threads", "2",
        "--duration", "1s", "--warmup", "0s", "--distribution", "uniform");
    assertThat(scans.exitCode()).as(scans.out() + scans.err()).isZero();
    assertThat(scans.out()).contains("scan ").contains("insert ");
  }

  @Test
  void withoutTheLoadPhaseReadsOfMissingRecordsAreReportedNotHidden() {
    Run r = run("bench", "--target", "memory", "--workload", "c", "--records", "100", "--threads", "1",
        "--duration", "1s", "--warmup", "0s", "--no-load");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).doesNotContain("load phase").contains("reads that found no value:");
  }

  @Test
  void failuresAreCountedAndMakeTheExitCode1() {
    BenchSettings s = new BenchSettings(TargetKind.MEMORY, "", List.of(), Workload.WRITE, Distribution.UNIFORM, 2, 16,
        10, 50, java.time.Duration.ofSeconds(1), java.time.Duration.ZERO, 1, 10, 1000, false, null, null);
    StringWriter out = new StringWriter();
    BenchResult result;
    try (FakeFailingTarget t = new FakeFailingTarget()) {
      result = runQuietly(s, t, out);
    }
    assertThat(result.totalErrors()).isPositive();
    assertThat(result.errorKinds()).containsKey("UPDATE: IllegalStateException: disk on fire");
    SummaryReport.print(result, new PrintWriter(out));
    assertThat(out.toString()).contains("failures:").contains("disk on fire");
  }

  @Test
  void lostTransactionConflictsAreReportedApartFromFailures() {
    BenchSettings s = new BenchSettings(TargetKind.MEMORY, "", List.of(), Workload.TXN2, Distribution.UNIFORM, 2, 16,
        10, 50, java.time.Duration.ofSeconds(1), java.time.Duration.ZERO, 1, 10, 1000, false, null, null);
    StringWriter out = new StringWriter();
    BenchResult result;
    try (FakeConflictingTarget t = new FakeConflictingTarget()) {
      result = runQuietly(s, t, out);
    }
    assertThat(result.conflicts()).isPositive();
    assertThat(result.totalErrors()).isZero();
    SummaryReport.print(result, new PrintWriter(out));
    assertThat(out.toString()).contains("transactions aborted by a write conflict (not retried, not in the counts above): "
        + result.conflicts());
  }

  @Test
  void probeMeasuresFsyncAndLoopback() {
    Run r = run("bench", "probe", "--dir", dir.toString(), "--fsync-samples", "5", "--rtt-samples", "50");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("fsync (4 KiB append + fdatasync)").contains("loopback TCP round trip")
        .contains("n=5").contains("n=50");
  }

  private static BenchResult runQuietly(BenchSettings s, BenchTarget t, StringWriter out) {
    try {
      return new BenchRunner(s, t, new PrintWriter(out)).run();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Every write fails. */
  private static final class FakeFailingTarget implements BenchTarget {
    @Override public String name() {
      return "failing";
    }

    @Override public void put(byte[] key, byte[] value) {
      throw new IllegalStateException("disk on fire");
    }

    @Override public boolean get(byte[] key) {
      return false;
    }

    @Override public int scan(byte[] start, int limit) {
      return 0;
    }

    @Override public boolean transfer(byte[] a, byte[] b, byte[] av, byte[] bv) {
      return false;
    }

    @Override public boolean supportsTransactions() {
      return false;
    }

    @Override public void close() {}
  }

  /** Every other transfer loses a conflict. */
  private static final class FakeConflictingTarget implements BenchTarget {
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    @Override public String name() {
      return "conflicting";
    }

    @Override public void put(byte[] key, byte[] value) {}

    @Override public boolean get(byte[] key) {
      return true;
    }

    @Override public int scan(byte[] start, int limit) {
      return 0;
    }

    @Override public boolean transfer(byte[] a, byte[] b, byte[] av, byte[] bv) {
      return calls.incrementAndGet() % 2 == 0;
    }

    @Override public boolean supportsTransactions() {
      return true;
    }

    @Override public void close() {}
  }
}
