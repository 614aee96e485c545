package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static io.kiln.engine.rocks.EngineKind.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.engine.RaftLogBatch;
import io.kiln.engine.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that dies without closing its engines (as after kill -9) loses nothing it wrote:
 * a child JVM writes through {@link RocksEngines} and halts; this test reopens the store.
 */
class RocksCrashTest {

  @TempDir Path dir;

  @Test
  void writesSurviveAProcessThatHaltsWithoutClosing() throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        RocksCrashTest.class.getName(), dir.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isEqualTo(99);

    try (RocksEngines engines = RocksEngines.open(dir, RocksEngineOptions.small())) {
      KvEngine kv = engines.kv();
      for (int i = 0; i < 100; i++) {
        assertThat(s(kv.get(Cf.WRITE, b("k" + i)))).as("k" + i).isEqualTo("v" + i);
      }
      RaftEngine raft = engines.raft();
      List<byte[]> out = new ArrayList<>();
      assertThat(raft.fetchEntries(1, 1, 1_000, Long.MAX_VALUE, out)).isEqualTo(100);
      assertThat(s(raft.raftState(1))).isEqualTo("state 100");
    }
  }

  /** The child: writes (the kv batches without sync, the raft batches with), then halts. */
  public static void main(String[] args) {
    RocksEngines engines = RocksEngines.open(Path.of(args[0]), RocksEngineOptions.small());
    for (int i = 0; i < 100; i++) {
      try (WriteBatch b = engines.kv().newWriteBatch()) {
        b.put(Cf.WRITE, b("k" + i), b("v" + i));
        engines.kv().write(b, false);
      }
      try (RaftLogBatch batch = engines.raft().newBatch()) {
        batch.append(1, i + 1, b("entry " + (i + 1)));
        batch.putRaftState(1, b("state " + (i + 1)));
        engines.raft().consume(batch, true);
      }
    }
    assertThat(((KvRaftEngine) engines.raft()).engine().get(Cf.DEFAULT,
        io.kiln.engine.RaftEngineKeys.raftStateKey(1))).isNotNull();
    Runtime.getRuntime().halt(99); // no close, no shutdown hooks: like kill -9
  }
}
