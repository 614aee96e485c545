package io.kiln.testkit.kilnclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.cli.KilnCommand;
import io.kiln.client.KilnClient;
import io.kiln.testkit.compat.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kiln ctl} against an in-process cluster: the GC safe point is shown and moved through PD. */
class KilnCtlTest {

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

  private static String ctl(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      String[] full = new String[args.length + 3];
      full[0] = "ctl";
      full[1] = "--pd";
      full[2] = cluster.pdAddress;
      System.arraycopy(args, 0, full, 3, args.length);
      int code = KilnCommand.commandLine().execute(full);
      assertThat(code).as("exit code of kiln ctl %s", String.join(" ", args)).isZero();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void gcSafePointIsShownAndMovedForwardOnly() throws Exception {
    assertThat(ctl("gc-safepoint")).contains("gc safe point 0 (none set)");
    String moved = ctl("gc-safepoint", "--keep", "10m");
    long sp = Long.parseLong(moved.replaceAll("(?s).*gc safe point (\\d+).*", "$1"));
    try (KilnClient c = KilnClient.builder().pdEndpoints(cluster.pdAddress).build()) {
      long now = c.pd().getTimestamp().get();
      assertThat(c.pd().getGcSafePoint()).isEqualTo(sp);
      long tenMinutesMs = 600_000;
      assertThat((now >>> 18) - (sp >>> 18)).isBetween(tenMinutesMs - 60_000, tenMinutesMs + 60_000);
      assertThat(ctl("gc-safepoint", "--keep", "1h")).contains("it was already past the one asked for");
      assertThat(c.pd().getGcSafePoint()).as("PD never moves the safe point backwards").isEqualTo(sp);
    }
  }
}
