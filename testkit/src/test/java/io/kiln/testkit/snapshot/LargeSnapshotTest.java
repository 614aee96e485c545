package io.kiln.testkit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region snapshot of 1 GiB is generated, streamed and installed by a JVM whose heap is capped
 * at 512 MiB: nothing on the snapshot path holds a region in memory. Takes a few minutes, so it
 * runs with {@code -Plong-tests}; {@code -Dkiln.snapshot.mib=N} changes the size.
 */
@Tag("long")
class LargeSnapshotTest {

  @Test
  void oneGibSnapshotStreamsWithA512MibHeap(@TempDir Path dir) throws Exception {
    long mib = Long.getLong("kiln.snapshot.mib", 1024);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        LargeSnapshotRun.class.getName(), dir.toString(), Long.toString(mib)))
        .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("the run finishes").isTrue();
    String out = Files.readString(dir.resolve("run.log"));
    System.out.println(out);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("keys " + mib * 1024 + " of " + mib * 1024 + ", last value equal true");
    assertThat(out).doesNotContain("OutOfMemory");
  }
}
