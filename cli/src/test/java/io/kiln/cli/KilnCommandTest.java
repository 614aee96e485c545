package io.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KilnCommandTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = KilnCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void versionPrintsTheBuildVersion() {
    Run r = run("version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("kiln 0.").doesNotContain("${");
    assertThat(r.out()).contains("tikv-client-java 3.3.5");
  }

  @Test
  void unknownSubcommandIsAClearError() {
    Run r = run("frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument").contains("frobnicate");
  }

  @Test
  void noSubcommandShowsUsage() {
    Run r = run();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: kiln").contains("version").contains("pd").contains("server")
        .contains("playground");
  }

  @Test
  void serverWithoutPdIsAClearError() {
    Run r = run("server", "--data-dir", "/tmp/nowhere");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no PD address: pass --pd host:port or set [pd] endpoints");
  }

  @Test
  void aBadConfigFileIsAMessageNamingTheKeyAndTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path f = dir.resolve("bad.toml");
    java.nio.file.Files.writeString(f, "[raftstore]\nraft-base-tick-intervall = \"1s\"\n");
    Run r = run("server", "--config", f.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("config file " + f + ": unknown key 'raftstore.raft-base-tick-intervall'")
        .doesNotContain("\tat ");
  }

  @Test
  void serverWithABadAddressIsAClearError() {
    Run r = run("server", "--pd", "127.0.0.1:1", "--data-dir", "/tmp/nowhere", "--addr", "nocolon");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("addr must be host:port, got 'nocolon'").doesNotContain("\tat ");
  }
}
