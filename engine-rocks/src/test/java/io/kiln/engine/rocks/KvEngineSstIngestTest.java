package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static io.kiln.engine.rocks.EngineKind.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvReader;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.SstWriter;
import io.kiln.engine.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ingesting SST files (how a region snapshot is applied): the data appears atomically, newer
 * than everything before it, in the column family asked for; the files are consumed.
 */
class KvEngineSstIngestTest {

  @TempDir Path dir;
  private final List<KvEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    engines.forEach(KvEngine::close);
  }

  private KvEngine open(EngineKind kind, String name) {
    KvEngine engine = kind.open(dir.resolve(name));
    engines.add(engine);
    return engine;
  }

  /** Writes {@code keyValues} (key, value, key, value...) to a new SST file for {@code cf}. */
  static Path sst(KvEngine engine, String cf, Path file, String... keyValues) {
    try (SstWriter w = engine.newSstWriter(cf, file)) {
      for (int i = 0; i < keyValues.length; i += 2) {
        w.put(b(keyValues[i]), b(keyValues[i + 1]));
      }
      assertThat(w.finish()).isPositive();
    }
    return file;
  }

  private static void write(KvEngine engine, String cf, String... keyValues) {
    try (WriteBatch b = engine.newWriteBatch()) {
      for (int i = 0; i < keyValues.length; i += 2) {
        b.put(cf, b(keyValues[i]), b(keyValues[i + 1]));
      }
      engine.write(b, false);
    }
  }

  static List<String> all(KvReader reader, String cf) {
    List<String> out = new ArrayList<>();
    try (EngineIterator it = reader.iterator(cf, null, null)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        out.add(s(it.key()) + "=" + s(it.value()));
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void ingestedDataIsReadableAndTheFileIsConsumed(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    Path file = sst(engine, Cf.DEFAULT, dir.resolve("a.sst"), "a", "1", "b", "2", "c", "3");

    engine.ingest(Cf.DEFAULT, List.of(file));

    assertThat(all(engine, Cf.DEFAULT)).containsExactly("a=1", "b=2", "c=3");
    assertThat(s(engine.get(Cf.DEFAULT, b("b")))).isEqualTo("2");
    assertThat(file).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aFileWrittenByOneEngineIngestsIntoAnotherOfTheSameKind(EngineKind kind) {
    KvEngine sender = open(kind, "sender");
    KvEngine receiver = open(kind, "receiver");
    write(sender, Cf.WRITE, "k1", "v1", "k2", "v2");
    Path file = dir.resolve("snap_write.sst");
    try (KvSnapshot snap = sender.snapshot();
        EngineIterator it = snap.iterator(Cf.WRITE, null, null);
        SstWriter w = sender.newSstWriter(Cf.WRITE, file)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        w.put(it.key(), it.value());
      }
      assertThat(w.count()).isEqualTo(2);
      assertThat(w.finish()).isEqualTo(sizeOf(file));
    }
    sender.close();

    receiver.ingest(Cf.WRITE, List.of(file));

    assertThat(all(receiver, Cf.WRITE)).containsExactly("k1=v1", "k2=v2");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void ingestAfterADeleteRangeOverTheSameRangeShowsTheIngestedValues(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    write(engine, Cf.DEFAULT, "a", "old", "b", "old", "c", "old", "d", "old");
    try (WriteBatch batch = engine.newWriteBatch()) {
      batch.deleteRange(Cf.DEFAULT, b("a"), b("z"));
      engine.write(batch, false);
    }
    Path file = sst(engine, Cf.DEFAULT, dir.resolve("f.sst"), "b", "new", "c", "new", "x", "new");

    engine.ingest(Cf.DEFAULT, List.of(file));

    assertThat(all(engine, Cf.DEFAULT)).containsExactly("b=new", "c=new", "x=new");
    assertThat(engine.get(Cf.DEFAULT, b("a"))).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void ingestReplacesTheValuesOfExistingKeysAndKeepsTheOthers(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    write(engine, Cf.LOCK, "a", "old", "b", "old", "c", "old");
    try (WriteBatch batch = engine.newWriteBatch()) {
      batch.delete(Cf.LOCK, b("c"));
      engine.write(batch, false);
    }
    Path file = sst(engine, Cf.LOCK, dir.resolve("f.sst"), "b", "new", "c", "new", "d", "new");

    engine.ingest(Cf.LOCK, List.of(file));

    assertThat(all(engine, Cf.LOCK)).containsExactly("a=old", "b=new", "c=new", "d=new");
    write(engine, Cf.LOCK, "b", "after");
    assertThat(s(engine.get(Cf.LOCK, b("b")))).as("a write after the ingest wins").isEqualTo("after");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void severalFilesAreIngestedTogetherAndTheLaterFileWinsOnASharedKey(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    Path f1 = sst(engine, Cf.DEFAULT, dir.resolve("1.sst"), "a", "1", "m", "1");
    Path f2 = sst(engine, Cf.DEFAULT, dir.resolve("2.sst"), "n", "2", "z", "2");
    Path f3 = sst(engine, Cf.DEFAULT, dir.resolve("3.sst"), "m", "3", "q", "3");

    engine.ingest(Cf.DEFAULT, List.of(f1, f2, f3));

    assertThat(all(engine, Cf.DEFAULT)).containsExactly("a=1", "m=3", "n=2", "q=3", "z=2");
    assertThat(List.of(f1, f2, f3)).allSatisfy(f -> assertThat(f).doesNotExist());
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aSnapshotOrIteratorTakenBeforeTheIngestDoesNotSeeIt(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    write(engine, Cf.DEFAULT, "a", "old", "b", "old");
    Path file = sst(engine, Cf.DEFAULT, dir.resolve("f.sst"), "a", "new", "c", "new");
    try (KvSnapshot before = engine.snapshot();
        EngineIterator it = engine.iterator(Cf.DEFAULT, null, null)) {
      engine.ingest(Cf.DEFAULT, List.of(file));

      assertThat(all(before, Cf.DEFAULT)).containsExactly("a=old", "b=old");
      assertThat(before.get(Cf.DEFAULT, b("c"))).isNull();
      List<String> seen = new ArrayList<>();
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        seen.add(s(it.key()) + "=" + s(it.value()));
      }
      assertThat(seen).containsExactly("a=old", "b=old");
      try (KvSnapshot after = engine.snapshot()) {
        assertThat(all(after, Cf.DEFAULT)).containsExactly("a=new", "b=old", "c=new");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void eachColumnFamilyIngestsOnlyIntoItself(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    for (String cf : Cf.ALL) {
      engine.ingest(cf, List.of(sst(engine, cf, dir.resolve(cf + ".sst"), "k1", cf, "k2", "x")));
    }
    for (String cf : Cf.ALL) {
      assertThat(all(engine, cf)).as(cf).containsExactly("k1=" + cf, "k2=x");
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aFailedIngestAddsNothingAndLeavesTheFiles(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    Path good = sst(engine, Cf.DEFAULT, dir.resolve("good.sst"), "a", "1");
    Path missing = dir.resolve("missing.sst");

    assertThatThrownBy(() -> engine.ingest(Cf.DEFAULT, List.of(good, missing)))
        .isInstanceOf(EngineException.class).hasMessageContaining(missing.toString());

    assertThat(good).exists();
    assertThat(all(engine, Cf.DEFAULT)).isEmpty();
    engine.ingest(Cf.DEFAULT, List.of(good));
    assertThat(all(engine, Cf.DEFAULT)).containsExactly("a=1");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void anEmptyListIngestsNothing(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    engine.ingest(Cf.DEFAULT, List.of());
    assertThat(all(engine, Cf.DEFAULT)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void unknownColumnFamiliesAndClosedEnginesAreRefused(EngineKind kind) {
    KvEngine engine = open(kind, "e");
    Path file = sst(engine, Cf.DEFAULT, dir.resolve("f.sst"), "a", "1");
    assertThatThrownBy(() -> engine.newSstWriter("nope", dir.resolve("x.sst")))
        .isInstanceOf(EngineException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> engine.ingest("nope", List.of(file)))
        .isInstanceOf(EngineException.class).hasMessageContaining("nope");
    assertThat(file).exists();

    engine.close();
    assertThatThrownBy(() -> engine.newSstWriter(Cf.DEFAULT, dir.resolve("x.sst")))
        .isInstanceOf(EngineException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> engine.ingest(Cf.DEFAULT, List.of(file)))
        .isInstanceOf(EngineException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> engine.sstFileIterator(file))
        .isInstanceOf(EngineException.class).hasMessageContaining("closed");
    assertThat(file).exists();
  }

  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
