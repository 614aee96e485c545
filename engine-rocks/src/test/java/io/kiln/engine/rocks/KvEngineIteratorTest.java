package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Iterators: unsigned order, bounds in both directions, seeks clamped to the bounds. */
class KvEngineIteratorTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private KvEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  /** Opens an engine holding the keys 10 20 30 40 50 (hex) in CF write, value = key. */
  private void openWithKeys(EngineKind kind) {
    engine = kind.open(dir);
    try (WriteBatch b = engine.newWriteBatch()) {
      for (int k = 0x10; k <= 0x50; k += 0x10) {
        b.put(Cf.WRITE, b(k), b(k));
      }
      b.put(Cf.LOCK, b(0x30), b(0x30)); // other column families stay out of the way
      engine.write(b, false);
    }
  }

  private static String at(EngineIterator it) {
    return it.valid() ? HEX.formatHex(it.key()) : "-";
  }

  private static List<String> forward(EngineIterator it) {
    List<String> keys = new ArrayList<>();
    for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
      keys.add(HEX.formatHex(it.key()));
    }
    return keys;
  }

  private static List<String> backward(EngineIterator it) {
    List<String> keys = new ArrayList<>();
    for (boolean ok = it.seekToLast(); ok; ok = it.prev()) {
      keys.add(HEX.formatHex(it.key()));
    }
    return keys;
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void keysCompareAsUnsignedBytes(EngineKind kind) {
    engine = kind.open(dir);
    try (WriteBatch b = engine.newWriteBatch()) {
      for (byte[] k : List.of(b(0xFF), b(0x01), b(0x80), b(0x7F), b(0x00), b(0x01, 0x00), b())) {
        b.put(Cf.DEFAULT, k, b("v"));
      }
      engine.write(b, false);
    }
    try (EngineIterator it = engine.iterator(Cf.DEFAULT, null, null)) {
      assertThat(forward(it)).containsExactly("", "00", "01", "0100", "7f", "80", "ff");
      assertThat(backward(it)).containsExactly("ff", "80", "7f", "0100", "01", "00", "");
    }
    try (EngineIterator it = engine.iterator(Cf.DEFAULT, b(0x7F), b(0xFF))) {
      assertThat(forward(it)).containsExactly("7f", "80");
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void boundsLimitBothDirections(EngineKind kind) {
    openWithKeys(kind);
    try (EngineIterator it = engine.iterator(Cf.WRITE, b(0x20), b(0x40))) {
      assertThat(forward(it)).containsExactly("20", "30");
      assertThat(backward(it)).containsExactly("30", "20");
      assertThat(it.valid()).isFalse();
    }
    try (EngineIterator it = engine.iterator(Cf.WRITE, b(0x15), null)) {
      assertThat(forward(it)).containsExactly("20", "30", "40", "50");
      assertThat(backward(it)).containsExactly("50", "40", "30", "20");
    }
    try (EngineIterator it = engine.iterator(Cf.WRITE, null, b(0x30, 0x00))) {
      assertThat(forward(it)).containsExactly("10", "20", "30");
      assertThat(backward(it)).containsExactly("30", "20", "10");
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void seeksLandOnTheNearestKeyWithinBounds(EngineKind kind) {
    openWithKeys(kind);
    try (EngineIterator it = engine.iterator(Cf.WRITE, b(0x20), b(0x40))) {
      assertThat(it.valid()).isFalse(); // unpositioned until a seek
      it.seek(b(0x25));
      assertThat(at(it)).isEqualTo("30");
      it.seek(b(0x20));
      assertThat(at(it)).isEqualTo("20");
      it.seek(b(0x05)); // below the lower bound: the first key
      assertThat(at(it)).isEqualTo("20");
      assertThat(it.seek(b(0x40))).isFalse(); // at the upper bound: nothing
      assertThat(it.seek(b(0x31))).isFalse();

      it.seekForPrev(b(0x25));
      assertThat(at(it)).isEqualTo("20");
      it.seekForPrev(b(0x30));
      assertThat(at(it)).isEqualTo("30");
      it.seekForPrev(b(0x45)); // above the upper bound: the last key
      assertThat(at(it)).isEqualTo("30");
      it.seekForPrev(b(0x40));
      assertThat(at(it)).isEqualTo("30");
      assertThat(it.seekForPrev(b(0x1F))).isFalse(); // below the lower bound: nothing

      it.seek(b(0x20));
      assertThat(it.prev()).isFalse(); // stepping out of the lower bound
      it.seekForPrev(b(0x30));
      assertThat(it.next()).isFalse(); // stepping out of the upper bound
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void directionChangesMidway(EngineKind kind) {
    openWithKeys(kind);
    try (EngineIterator it = engine.iterator(Cf.WRITE, null, null)) {
      it.seek(b(0x30));
      it.next();
      assertThat(at(it)).isEqualTo("40");
      it.prev();
      it.prev();
      assertThat(at(it)).isEqualTo("20");
      it.next();
      assertThat(at(it)).isEqualTo("30");
      assertThat(it.value()).containsExactly(0x30);
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void emptyRangesAndEmptyColumnFamilies(EngineKind kind) {
    openWithKeys(kind);
    try (EngineIterator it = engine.iterator(Cf.WRITE, b(0x21), b(0x2F))) {
      assertThat(it.seekToFirst()).isFalse();
      assertThat(it.seekToLast()).isFalse();
      assertThat(it.seek(b(0x00))).isFalse();
      assertThat(it.seekForPrev(b(0xFF))).isFalse();
    }
    try (EngineIterator it = engine.iterator(Cf.WRITE, b(0x30), b(0x30))) {
      assertThat(it.seekToFirst()).isFalse();
      assertThat(it.seekToLast()).isFalse();
    }
    try (EngineIterator it = engine.iterator(Cf.RAFT, null, null)) {
      assertThat(it.seekToFirst()).isFalse();
      assertThat(it.seekToLast()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void deletedKeysAreSkipped(EngineKind kind) {
    openWithKeys(kind);
    try (WriteBatch b = engine.newWriteBatch()) {
      b.delete(Cf.WRITE, b(0x20));
      b.deleteRange(Cf.WRITE, b(0x35), b(0x55));
      engine.write(b, false);
    }
    try (EngineIterator it = engine.iterator(Cf.WRITE, null, null)) {
      assertThat(forward(it)).containsExactly("10", "30");
      assertThat(backward(it)).containsExactly("30", "10");
      it.seek(b(0x11));
      assertThat(at(it)).isEqualTo("30");
      it.seekForPrev(b(0x4F));
      assertThat(at(it)).isEqualTo("30");
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void anUnpositionedIteratorHasNoKey(EngineKind kind) {
    openWithKeys(kind);
    EngineIterator it = engine.iterator(Cf.WRITE, null, null);
    assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
    it.seekToLast();
    it.next();
    assertThatThrownBy(it::prev).isInstanceOf(IllegalStateException.class);
    it.close();
    it.close();
    assertThatThrownBy(it::seekToFirst).hasMessageContaining("closed");
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void anIteratorReadsAsOfItsCreation(EngineKind kind) {
    openWithKeys(kind);
    try (EngineIterator it = engine.iterator(Cf.WRITE, null, null)) {
      try (WriteBatch b = engine.newWriteBatch()) {
        b.put(Cf.WRITE, b(0x15), b(0x15));
        b.deleteRange(Cf.WRITE, b(0x00), b(0x30));
        engine.write(b, false);
      }
      assertThat(forward(it)).containsExactly("10", "20", "30", "40", "50");
    }
    try (EngineIterator it = engine.iterator(Cf.WRITE, null, null)) {
      assertThat(forward(it)).containsExactly("30", "40", "50");
    }
  }
}
