package io.kiln.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.SstWriter;
import io.kiln.engine.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash loses exactly the writes that were never synced. */
class LossyKvEngineTest {

  private final LossyKvEngine engine = new LossyKvEngine(Cf.ALL);

  private void write(String key, String value, boolean sync) {
    try (WriteBatch wb = engine.newWriteBatch()) {
      wb.put(Cf.DEFAULT, b(key), b(value));
      engine.write(wb, sync);
    }
  }

  private String get(String key) {
    byte[] v = engine.get(Cf.DEFAULT, b(key));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void unsyncedWritesAreVisibleButLostByACrash() {
    write("a", "1", true);
    write("b", "2", false);
    assertThat(get("b")).isEqualTo("2");
    assertThat(engine.crash()).isEqualTo(1);
    assertThat(get("a")).isEqualTo("1");
    assertThat(get("b")).isNull();
  }

  @Test
  void aSyncedWriteMakesTheEarlierUnsyncedOnesDurable() {
    write("a", "1", false);
    write("b", "2", true);
    write("c", "3", false);
    engine.crash();
    assertThat(get("a")).isEqualTo("1");
    assertThat(get("b")).isEqualTo("2");
    assertThat(get("c")).isNull();
    write("d", "4", false);
    engine.syncWal();
    engine.crash();
    assertThat(get("d")).isEqualTo("4");
  }

  @Test
  void batchesReplayDeletesRangesAndSavePoints() {
    try (WriteBatch wb = engine.newWriteBatch()) {
      wb.put(Cf.DEFAULT, b("a"), b("1"));
      wb.put(Cf.DEFAULT, b("b"), b("2"));
      wb.put(Cf.DEFAULT, b("c"), b("3"));
      wb.setSavePoint();
      wb.put(Cf.DEFAULT, b("x"), b("dropped"));
      wb.rollbackToSavePoint();
      wb.deleteRange(Cf.DEFAULT, b("a"), b("c"));
      assertThat(wb.count()).isEqualTo(4);
      engine.write(wb, true);
    }
    try (WriteBatch wb = engine.newWriteBatch()) {
      wb.delete(Cf.DEFAULT, b("c"));
      engine.write(wb, false);
    }
    engine.crash();
    assertThat(get("a")).isNull();
    assertThat(get("b")).isNull();
    assertThat(get("c")).isEqualTo("3");
    assertThat(get("x")).isNull();
  }

  @Test
  void anIngestIsDurableAtOnce(@TempDir Path dir) {
    write("a", "unsynced", false);
    Path file = dir.resolve("1.sst");
    try (SstWriter w = engine.newSstWriter(Cf.DEFAULT, file)) {
      w.put(b("b"), b("2"));
      w.put(b("c"), b("3"));
      w.finish();
    }
    engine.ingest(Cf.DEFAULT, List.of(file));
    assertThat(get("b")).isEqualTo("2");
    engine.crash();
    assertThat(get("a")).isEqualTo("unsynced");
    assertThat(get("b")).isEqualTo("2");
    assertThat(get("c")).isEqualTo("3");
  }

  @Test
  void snapshotsFromBeforeACrashAreGone() {
    write("a", "1", true);
    KvSnapshot snap = engine.snapshot();
    engine.crash();
    assertThatThrownBy(() -> snap.get(Cf.DEFAULT, b("a"))).isInstanceOf(EngineException.class);
  }
}
