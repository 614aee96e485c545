package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static io.kiln.engine.rocks.EngineKind.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snapshots see the engine as it was when taken, in every column family. */
class KvEngineSnapshotTest {

  @TempDir Path dir;
  private KvEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void write(String cf, String... keyValues) {
    try (WriteBatch b = engine.newWriteBatch()) {
      for (int i = 0; i < keyValues.length; i += 2) {
        if (keyValues[i + 1] == null) {
          b.delete(cf, b(keyValues[i]));
        } else {
          b.put(cf, b(keyValues[i]), b(keyValues[i + 1]));
        }
      }
      engine.write(b, false);
    }
  }

  private static List<String> all(KvSnapshot snap, String cf) {
    List<String> out = new ArrayList<>();
    try (EngineIterator it = snap.iterator(cf, null, null)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        out.add(s(it.key()) + "=" + s(it.value()));
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void laterWritesAreInvisible(EngineKind kind) {
    engine = kind.open(dir);
    write(Cf.DEFAULT, "a", "1", "b", "1", "c", "1");
    write(Cf.LOCK, "l", "1");
    try (KvSnapshot snap = engine.snapshot()) {
      write(Cf.DEFAULT, "a", "2", "b", null, "d", "2");
      write(Cf.LOCK, "l", null, "m", "2");

      assertThat(s(snap.get(Cf.DEFAULT, b("a")))).isEqualTo("1");
      assertThat(s(snap.get(Cf.DEFAULT, b("b")))).isEqualTo("1");
      assertThat(snap.get(Cf.DEFAULT, b("d"))).isNull();
      assertThat(all(snap, Cf.DEFAULT)).containsExactly("a=1", "b=1", "c=1");
      assertThat(all(snap, Cf.LOCK)).containsExactly("l=1");

      assertThat(s(engine.get(Cf.DEFAULT, b("a")))).isEqualTo("2");
      assertThat(engine.get(Cf.DEFAULT, b("b"))).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void laterRangeDeletionsAreInvisible(EngineKind kind) {
    engine = kind.open(dir);
    write(Cf.WRITE, "a", "1", "b", "1", "c", "1");
    try (KvSnapshot snap = engine.snapshot()) {
      try (WriteBatch b = engine.newWriteBatch()) {
        b.deleteRange(Cf.WRITE, b("a"), b("c"));
        b.put(Cf.WRITE, b("b"), b("2"));
        engine.write(b, false);
      }
      assertThat(all(snap, Cf.WRITE)).containsExactly("a=1", "b=1", "c=1");
      assertThat(s(snap.get(Cf.WRITE, b("a")))).isEqualTo("1");
      try (KvSnapshot now = engine.snapshot()) {
        assertThat(all(now, Cf.WRITE)).containsExactly("b=2", "c=1");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void snapshotsTakenBetweenWritesSeeTheirOwnStates(EngineKind kind) {
    engine = kind.open(dir);
    List<KvSnapshot> snaps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      write(Cf.RAFT, "k", String.valueOf(i), "k" + i, "x");
      snaps.add(engine.snapshot());
    }
    write(Cf.RAFT, "k", null);
    for (int i = 0; i < 5; i++) {
      KvSnapshot snap = snaps.get(i);
      assertThat(s(snap.get(Cf.RAFT, b("k")))).isEqualTo(String.valueOf(i));
      assertThat(all(snap, Cf.RAFT)).hasSize(i + 2);
    }
    snaps.forEach(KvSnapshot::close);
    assertThat(engine.get(Cf.RAFT, b("k"))).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void iteratorsOfASnapshotOutliveIt(EngineKind kind) {
    engine = kind.open(dir);
    write(Cf.DEFAULT, "a", "1", "b", "1");
    KvSnapshot snap = engine.snapshot();
    EngineIterator it = snap.iterator(Cf.DEFAULT, null, null);
    write(Cf.DEFAULT, "a", "2", "c", "2");
    snap.close();
    write(Cf.DEFAULT, "b", null);
    List<String> seen = new ArrayList<>();
    for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
      seen.add(s(it.key()) + "=" + s(it.value()));
    }
    it.close();
    assertThat(seen).containsExactly("a=1", "b=1");
    assertThatThrownBy(() -> snap.get(Cf.DEFAULT, b("a")))
        .isInstanceOf(EngineException.class).hasMessageContaining("snapshot is closed");
    assertThatThrownBy(() -> snap.iterator(Cf.DEFAULT, null, null))
        .isInstanceOf(EngineException.class);
    snap.close();
  }
}
