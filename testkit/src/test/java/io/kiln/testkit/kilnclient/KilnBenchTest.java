package io.kiln.testkit.kilnclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.cli.KilnCommand;
import io.kiln.testkit.compat.LocalCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kiln bench} against a real (in-process) Kiln cluster: the raw and transactional workloads run clean. */
class KilnBenchTest {

  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(3);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String[] run(String workload) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cmd = KilnCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute("bench", "--target", "kiln", "--pd", cluster.pdAddress, "--workload", workload,
        "--records", "200", "--threads", "4", "--duration", "2s", "--warmup", "1s", "--seed", "3");
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void workloadARunsWithoutErrors() {
    String[] r = run("a");
    assertThat(r[0]).as("exit code; out: %s err: %s", r[1], r[2]).isEqualTo("0");
    assertThat(r[1]).contains("read").contains("update");
  }

  @Test
  void transactionalTransfersRunWithoutErrors() {
    String[] r = run("txn2");
    assertThat(r[0]).as("exit code; out: %s err: %s", r[1], r[2]).isEqualTo("0");
    assertThat(r[1]).contains("txn");
  }
}
