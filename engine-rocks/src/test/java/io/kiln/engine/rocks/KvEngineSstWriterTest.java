package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static io.kiln.engine.rocks.EngineKind.s;
import static io.kiln.engine.rocks.KvEngineSstIngestTest.sizeOf;
import static io.kiln.engine.rocks.KvEngineSstIngestTest.sst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.SstWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writing SST files and reading them back: key order, empty and abandoned writers, the file's
 * size, and corrupt or foreign files.
 */
class KvEngineSstWriterTest {

  @TempDir Path dir;
  private KvEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private static List<String> read(KvEngine engine, Path file) {
    List<String> out = new ArrayList<>();
    try (EngineIterator it = engine.sstFileIterator(file)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        out.add(s(it.key()) + "=" + s(it.value()));
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aWrittenFileReadsBackInOrderAndFinishReturnsItsSize(EngineKind kind) {
    engine = kind.open(dir);
    Path file = dir.resolve("f.sst");
    try (SstWriter w = engine.newSstWriter(Cf.WRITE, file)) {
      assertThat(file).as("nothing before the first put").doesNotExist();
      w.put(b("a"), b("1"));
      w.put(b("b"), new byte[0]);
      w.put(b(0x7f), b("2"));
      w.put(b(0x80), b("3")); // after 0x7f in unsigned order
      assertThat(w.count()).isEqualTo(4);
      long size = w.finish();
      assertThat(size).isPositive().isEqualTo(sizeOf(file));
      assertThatThrownBy(() -> w.put(b(0x90), b("4")))
          .isInstanceOf(EngineException.class).hasMessageContaining("finished");
      assertThatThrownBy(w::finish).isInstanceOf(EngineException.class);
    }
    assertThat(file).as("a finished file stays after close").exists();
    List<String> read = read(engine, file);
    assertThat(read).hasSize(4).startsWith("a=1", "b=");
    try (EngineIterator it = engine.sstFileIterator(file)) {
      assertThat(it.seekToLast()).isTrue();
      assertThat(it.key()).isEqualTo(b(0x80));
      assertThat(it.prev()).isTrue();
      assertThat(it.key()).isEqualTo(b(0x7f));
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aWriterWithNoEntriesLeavesNoFile(EngineKind kind) throws IOException {
    engine = kind.open(dir);
    Path file = dir.resolve("empty.sst");
    Files.writeString(file, "stale file from an earlier attempt");
    try (SstWriter w = engine.newSstWriter(Cf.LOCK, file)) {
      assertThat(w.count()).isZero();
      assertThat(w.finish()).isZero();
    }
    assertThat(file).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void keysOutOfOrderOrRepeatedAreRefused(EngineKind kind) {
    engine = kind.open(dir);
    Path file = dir.resolve("f.sst");
    try (SstWriter w = engine.newSstWriter(Cf.DEFAULT, file)) {
      w.put(b("b"), b("1"));
      assertThatThrownBy(() -> w.put(b("a"), b("2")))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("not after");
      assertThatThrownBy(() -> w.put(b("b"), b("2"))).isInstanceOf(EngineException.class);
      w.put(b("c"), b("3"));
      assertThat(w.count()).isEqualTo(2);
      w.finish();
    }
    assertThat(read(engine, file)).containsExactly("b=1", "c=3");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aWriterClosedBeforeFinishDeletesItsFile(EngineKind kind) {
    engine = kind.open(dir);
    Path file = dir.resolve("abandoned.sst");
    SstWriter w = engine.newSstWriter(Cf.DEFAULT, file);
    for (int i = 0; i < 1000; i++) {
      w.put(b(String.format("k%05d", i)), new byte[100]);
    }
    assertThat(file).exists();
    w.close();
    assertThat(file).doesNotExist();
    w.close();
    assertThatThrownBy(() -> w.put(b("z"), b("1")))
        .isInstanceOf(EngineException.class).hasMessageContaining("closed");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aFileThatCannotBeCreatedFailsAtTheFirstPutNamingIt(EngineKind kind) {
    engine = kind.open(dir);
    Path file = dir.resolve("no-such-directory").resolve("f.sst");
    try (SstWriter w = engine.newSstWriter(Cf.DEFAULT, file)) {
      assertThatThrownBy(() -> w.put(b("a"), b("1")))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("create").hasMessageContaining(file.toString());
      assertThat(w.count()).isZero();
    }
    assertThat(file).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aWriterAndAFileIteratorOutliveTheirEngine(EngineKind kind) {
    engine = kind.open(dir);
    Path done = sst(engine, Cf.DEFAULT, dir.resolve("done.sst"), "a", "1", "b", "2");
    Path file = dir.resolve("f.sst");
    try (SstWriter w = engine.newSstWriter(Cf.DEFAULT, file);
        EngineIterator it = engine.sstFileIterator(done)) {
      w.put(b("a"), b("1"));
      engine.close();
      w.put(b("b"), b("2"));
      assertThat(w.finish()).isPositive();
      assertThat(it.seekToFirst()).isTrue();
      assertThat(it.next()).isTrue();
      assertThat(s(it.value())).isEqualTo("2");
    }
    engine = kind.open(dir.resolve("other"));
    assertThat(read(engine, file)).containsExactly("a=1", "b=2");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aTruncatedFileIsRefusedNamingIt(EngineKind kind) throws IOException {
    engine = kind.open(dir);
    Path file = bigFile(engine, "t.sst");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> engine.ingest(Cf.DEFAULT, List.of(file)))
        .isInstanceOf(EngineException.class).hasMessageContaining(file.toString());
    assertThatThrownBy(() -> read(engine, file))
        .isInstanceOf(EngineException.class).hasMessageContaining(file.toString());
    assertThat(file).exists();
    assertThat(engine.get(Cf.DEFAULT, b("k00000"))).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aCorruptFileIsRefusedNamingIt(EngineKind kind) throws IOException {
    engine = kind.open(dir);
    Path file = bigFile(engine, "c.sst");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 0x5a; // inside a value, in the middle of a data block
    Files.write(file, bytes);

    assertThatThrownBy(() -> engine.ingest(Cf.DEFAULT, List.of(file)))
        .isInstanceOf(EngineException.class).hasMessageContaining(file.toString());
    assertThatThrownBy(() -> read(engine, file))
        .isInstanceOf(EngineException.class).hasMessageContaining(file.toString());
    assertThat(file).exists();
    assertThat(engine.get(Cf.DEFAULT, b("k00000"))).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aFileThatIsNoSstFileIsRefusedNamingIt(EngineKind kind) throws IOException {
    engine = kind.open(dir);
    Path text = dir.resolve("text.sst");
    Files.writeString(text, "this is not an SST file of any engine, just some text ".repeat(50));
    Path empty = Files.createFile(dir.resolve("empty.sst"));
    for (Path file : List.of(text, empty)) {
      assertThatThrownBy(() -> engine.ingest(Cf.DEFAULT, List.of(file)))
          .isInstanceOf(EngineException.class).hasMessageContaining(file.toString());
      assertThatThrownBy(() -> engine.sstFileIterator(file).close())
          .isInstanceOf(EngineException.class).hasMessageContaining(file.toString());
    }
    assertThatThrownBy(() -> engine.sstFileIterator(dir.resolve("missing.sst")))
        .isInstanceOf(EngineException.class).hasMessageContaining("missing.sst");
  }

  /** A file of 2,000 entries of 200 bytes (several RocksDB data blocks). */
  private Path bigFile(KvEngine engine, String name) {
    Path file = dir.resolve(name);
    try (SstWriter w = engine.newSstWriter(Cf.DEFAULT, file)) {
      byte[] value = new byte[200];
      for (int i = 0; i < 2000; i++) {
        Arrays.fill(value, (byte) i);
        value[0] = (byte) (i >> 8);
        w.put(b(String.format("k%05d", i)), value);
      }
      w.finish();
    }
    return file;
  }
}
