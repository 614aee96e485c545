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
import io.kiln.engine.MemoryKvEngine;
import io.kiln.engine.WriteBatch;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Point reads and write batches: the same behaviour from both engines. */
class KvEngineReadWriteTest {

  @TempDir Path dir;
  private KvEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private KvEngine open(EngineKind kind) {
    engine = kind.open(dir);
    return engine;
  }

  private void put(String cf, String key, String value) {
    try (WriteBatch b = engine.newWriteBatch()) {
      b.put(cf, b(key), b(value));
      engine.write(b, false);
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void putGetDeleteKeepColumnFamiliesApart(EngineKind kind) {
    open(kind);
    for (String cf : Cf.ALL) {
      put(cf, "k", "v-" + cf);
    }
    for (String cf : Cf.ALL) {
      assertThat(s(engine.get(cf, b("k")))).isEqualTo("v-" + cf);
    }
    try (WriteBatch b = engine.newWriteBatch()) {
      b.delete(Cf.LOCK, b("k"));
      engine.write(b, true);
    }
    assertThat(engine.get(Cf.LOCK, b("k"))).isNull();
    assertThat(s(engine.get(Cf.WRITE, b("k")))).isEqualTo("v-write");
    assertThat(engine.get(Cf.DEFAULT, b("absent"))).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void emptyKeysAndValuesAreOrdinaryData(EngineKind kind) {
    open(kind);
    try (WriteBatch b = engine.newWriteBatch()) {
      b.put(Cf.DEFAULT, new byte[0], b("empty key"));
      b.put(Cf.DEFAULT, b("empty value"), new byte[0]);
      engine.write(b, false);
    }
    assertThat(s(engine.get(Cf.DEFAULT, new byte[0]))).isEqualTo("empty key");
    assertThat(engine.get(Cf.DEFAULT, b("empty value"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void callersOwnTheirArrays(EngineKind kind) {
    open(kind);
    byte[] key = b("key");
    byte[] value = b("value");
    try (WriteBatch b = engine.newWriteBatch()) {
      b.put(Cf.DEFAULT, key, value);
      key[0] = 'X';
      value[0] = 'X';
      engine.write(b, false);
    }
    byte[] read = engine.get(Cf.DEFAULT, b("key"));
    assertThat(s(read)).isEqualTo("value");
    read[0] = 'Y';
    assertThat(s(engine.get(Cf.DEFAULT, b("key")))).isEqualTo("value");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aBatchAppliesInOrder(EngineKind kind) {
    open(kind);
    put(Cf.DEFAULT, "gone", "old");
    try (WriteBatch b = engine.newWriteBatch()) {
      b.put(Cf.DEFAULT, b("gone"), b("1"));
      b.delete(Cf.DEFAULT, b("gone"));
      b.delete(Cf.DEFAULT, b("back"));
      b.put(Cf.DEFAULT, b("back"), b("2"));
      b.put(Cf.DEFAULT, b("twice"), b("first"));
      b.put(Cf.DEFAULT, b("twice"), b("second"));
      b.put(Cf.DEFAULT, b("r1"), b("x"));
      b.deleteRange(Cf.DEFAULT, b("r"), b("s"));
      b.put(Cf.DEFAULT, b("r2"), b("y"));
      assertThat(b.count()).isEqualTo(9);
      assertThat(engine.get(Cf.DEFAULT, b("back"))).isNull(); // nothing visible before write
      engine.write(b, false);
    }
    assertThat(engine.get(Cf.DEFAULT, b("gone"))).isNull();
    assertThat(s(engine.get(Cf.DEFAULT, b("back")))).isEqualTo("2");
    assertThat(s(engine.get(Cf.DEFAULT, b("twice")))).isEqualTo("second");
    assertThat(engine.get(Cf.DEFAULT, b("r1"))).isNull();
    assertThat(s(engine.get(Cf.DEFAULT, b("r2")))).isEqualTo("y");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void deleteRangeIsHalfOpenAndStaysInItsColumnFamily(EngineKind kind) {
    open(kind);
    for (String k : new String[] {"a", "b", "b0", "c", "d"}) {
      put(Cf.WRITE, k, k);
      put(Cf.LOCK, k, k);
    }
    try (WriteBatch b = engine.newWriteBatch()) {
      b.deleteRange(Cf.WRITE, b("b"), b("d"));
      b.deleteRange(Cf.WRITE, b("x"), b("x")); // empty: allowed, does nothing
      engine.write(b, false);
    }
    assertThat(s(engine.get(Cf.WRITE, b("a")))).isEqualTo("a");
    assertThat(engine.get(Cf.WRITE, b("b"))).isNull();
    assertThat(engine.get(Cf.WRITE, b("b0"))).isNull();
    assertThat(engine.get(Cf.WRITE, b("c"))).isNull();
    assertThat(s(engine.get(Cf.WRITE, b("d")))).isEqualTo("d");
    assertThat(s(engine.get(Cf.LOCK, b("c")))).isEqualTo("c");
    put(Cf.WRITE, "c", "again");
    assertThat(s(engine.get(Cf.WRITE, b("c")))).isEqualTo("again");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aBackwardRangeIsRefused(EngineKind kind) {
    open(kind);
    try (WriteBatch b = engine.newWriteBatch()) {
      assertThatThrownBy(() -> b.deleteRange(Cf.DEFAULT, b("b"), b("a")))
          .isInstanceOf(EngineException.class).hasMessageContaining("after end");
      assertThat(b.count()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void savePointsRollBackTheTail(EngineKind kind) {
    open(kind);
    put(Cf.DEFAULT, "kept", "old");
    try (WriteBatch b = engine.newWriteBatch()) {
      b.put(Cf.DEFAULT, b("a"), b("1"));
      b.setSavePoint();
      long sizeAtSavePoint = b.dataSize();
      b.put(Cf.DEFAULT, b("b"), b("2"));
      b.setSavePoint();
      b.delete(Cf.DEFAULT, b("kept"));
      b.deleteRange(Cf.DEFAULT, b("a"), b("z"));
      assertThat(b.count()).isEqualTo(4);
      b.rollbackToSavePoint();
      assertThat(b.count()).isEqualTo(2);
      b.rollbackToSavePoint();
      assertThat(b.count()).isEqualTo(1);
      assertThat(b.dataSize()).isEqualTo(sizeAtSavePoint).isEqualTo(2);
      assertThatThrownBy(b::rollbackToSavePoint).isInstanceOf(EngineException.class);
      b.put(Cf.DEFAULT, b("c"), b("3"));
      engine.write(b, false);
    }
    assertThat(s(engine.get(Cf.DEFAULT, b("a")))).isEqualTo("1");
    assertThat(engine.get(Cf.DEFAULT, b("b"))).isNull();
    assertThat(s(engine.get(Cf.DEFAULT, b("c")))).isEqualTo("3");
    assertThat(s(engine.get(Cf.DEFAULT, b("kept")))).isEqualTo("old");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aClearedBatchIsReusable(EngineKind kind) {
    open(kind);
    try (WriteBatch b = engine.newWriteBatch()) {
      assertThat(b.isEmpty()).isTrue();
      b.put(Cf.DEFAULT, b("x"), b("1"));
      b.setSavePoint();
      assertThat(b.dataSize()).isEqualTo(2);
      b.clear();
      assertThat(b.isEmpty()).isTrue();
      assertThat(b.dataSize()).isZero();
      assertThatThrownBy(b::rollbackToSavePoint).isInstanceOf(EngineException.class);
      engine.write(b, true); // an empty batch is fine
      b.put(Cf.DEFAULT, b("y"), b("2"));
      engine.write(b, false);
      engine.write(b, false); // writing twice is idempotent here
    }
    assertThat(engine.get(Cf.DEFAULT, b("x"))).isNull();
    assertThat(s(engine.get(Cf.DEFAULT, b("y")))).isEqualTo("2");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void unknownColumnFamiliesAreRefused(EngineKind kind) {
    open(kind);
    assertThatThrownBy(() -> engine.get("nope", b("k")))
        .isInstanceOf(EngineException.class).hasMessageContaining("unknown column family 'nope'");
    assertThatThrownBy(() -> engine.iterator("nope", null, null))
        .isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> engine.approximateSize("nope", b("a"), b("b")))
        .isInstanceOf(EngineException.class);
    try (WriteBatch b = engine.newWriteBatch(); KvSnapshot snap = engine.snapshot()) {
      assertThatThrownBy(() -> b.put("nope", b("k"), b("v"))).isInstanceOf(EngineException.class);
      assertThatThrownBy(() -> b.delete("nope", b("k"))).isInstanceOf(EngineException.class);
      assertThatThrownBy(() -> b.deleteRange("nope", b("a"), b("b")))
          .isInstanceOf(EngineException.class);
      assertThatThrownBy(() -> snap.get("nope", b("k"))).isInstanceOf(EngineException.class);
      assertThat(b.count()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void anEngineWithOneColumnFamilyKnowsOnlyThatOne(EngineKind kind) {
    engine = kind.open(dir, java.util.List.of(Cf.DEFAULT));
    put(Cf.DEFAULT, "k", "v");
    assertThatThrownBy(() -> engine.get(Cf.WRITE, b("k")))
        .isInstanceOf(EngineException.class).hasMessageContaining("unknown column family 'write'");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aBatchOfAnotherEngineIsRefused(EngineKind kind) {
    open(kind);
    try (KvEngine other = new MemoryKvEngine(); WriteBatch foreign = other.newWriteBatch()) {
      foreign.put(Cf.DEFAULT, b("k"), b("v"));
      assertThatThrownBy(() -> engine.write(foreign, false)).isInstanceOf(EngineException.class);
    }
    assertThat(engine.get(Cf.DEFAULT, b("k"))).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aClosedEngineRefusesEverything(EngineKind kind) {
    open(kind);
    put(Cf.DEFAULT, "k", "v");
    WriteBatch batch = engine.newWriteBatch();
    batch.put(Cf.DEFAULT, b("k2"), b("v2"));
    KvSnapshot snap = engine.snapshot();
    EngineIterator it = engine.iterator(Cf.DEFAULT, null, null);
    EngineIterator snapIt = snap.iterator(Cf.DEFAULT, null, null);
    assertThat(it.seekToFirst()).isTrue();
    engine.close();

    assertThatThrownBy(() -> engine.get(Cf.DEFAULT, b("k"))).isInstanceOf(EngineException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> engine.write(batch, false)).isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> batch.put(Cf.DEFAULT, b("a"), b("b")))
        .isInstanceOf(EngineException.class);
    assertThatThrownBy(engine::newWriteBatch).isInstanceOf(EngineException.class);
    assertThatThrownBy(engine::snapshot).isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> engine.iterator(Cf.DEFAULT, null, null))
        .isInstanceOf(EngineException.class);
    assertThatThrownBy(engine::syncWal).isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> engine.approximateSize(Cf.DEFAULT, b("a"), b("z")))
        .isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> snap.get(Cf.DEFAULT, b("k"))).isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> snap.iterator(Cf.DEFAULT, null, null))
        .isInstanceOf(EngineException.class);
    assertThatThrownBy(it::seekToFirst).isInstanceOf(EngineException.class);
    assertThatThrownBy(it::valid).isInstanceOf(EngineException.class);
    assertThatThrownBy(it::key).isInstanceOf(EngineException.class);
    assertThatThrownBy(snapIt::seekToLast).isInstanceOf(EngineException.class);
    // closing what is left, and the engine again, is harmless
    it.close();
    snapIt.close();
    snap.close();
    batch.close();
    engine.close();
  }

  @Test
  void rocksErrorsNameThePathAndTheOperation() {
    engine = EngineKind.ROCKS.open(dir);
    // a second open of the same database fails on RocksDB's lock file
    assertThatThrownBy(() -> EngineKind.ROCKS.open(dir))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("open failed on RocksDB at " + dir.resolve("rocks"));
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void approximateSizeGrowsWithData(EngineKind kind) {
    open(kind);
    assertThat(engine.approximateSize(Cf.DEFAULT, b("a"), b("z"))).isZero();
    try (WriteBatch b = engine.newWriteBatch()) {
      for (int i = 0; i < 2_000; i++) {
        b.put(Cf.DEFAULT, b(String.format("k%05d", i)), new byte[100]);
      }
      engine.write(b, false);
    }
    assertThat(engine.approximateSize(Cf.DEFAULT, b("k"), b("l"))).isPositive();
    assertThat(engine.approximateSize(Cf.DEFAULT, null, null)).isPositive();
    assertThat(engine.approximateSize(Cf.DEFAULT, b("x"), b("y"))).isZero();
    assertThat(engine.approximateSize(Cf.LOCK, null, null)).isZero();
    assertThat(engine.approximateSize(Cf.DEFAULT, b("l"), b("k"))).isZero();
    assertThat(engine.path() == null).isEqualTo(kind == EngineKind.MEMORY);
  }
}
