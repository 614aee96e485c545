package io.kiln.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The in-memory engine forgets versions no reader can see, and keeps those a reader pins. */
class MemoryVersionPruningTest {

  private final MemoryKvEngine engine = new MemoryKvEngine();

  @Test
  void overwrittenAndDeletedKeysLeaveNothingBehindWithoutReaders() {
    for (int round = 0; round < 100; round++) {
      for (int k = 0; k < 10; k++) {
        put("k" + k, "v" + round);
      }
    }
    assertThat(engine.versionCount()).isEqualTo(10);
    for (int k = 0; k < 10; k++) {
      delete("k" + k);
    }
    put("other", "x"); // the next write prunes the deletions of the previous one
    assertThat(engine.versionCount()).isEqualTo(1);
    assertThat(engine.pendingPrunes()).isZero();
  }

  @Test
  void rangeDeletionsArePrunedToo() {
    for (int k = 0; k < 50; k++) {
      put(String.format("k%02d", k), "v");
    }
    try (WriteBatch b = engine.newWriteBatch()) {
      b.deleteRange(Cf.DEFAULT, bytes("k10"), bytes("k40"));
      engine.write(b, false);
    }
    put("z", "z");
    assertThat(engine.versionCount()).isEqualTo(21);
  }

  @Test
  void aSnapshotKeepsWhatItSeesUntilClosed() {
    put("a", "1");
    KvSnapshot snap = engine.snapshot();
    for (int i = 2; i <= 20; i++) {
      put("a", String.valueOf(i));
    }
    delete("a");
    assertThat(snap.get(Cf.DEFAULT, bytes("a"))).isEqualTo(bytes("1"));
    assertThat(engine.versionCount()).isGreaterThan(1);

    snap.close();
    put("b", "x");
    assertThat(engine.versionCount()).isEqualTo(1); // only b
    assertThat(engine.pins().size()).isZero();
  }

  @Test
  void anIteratorPinsItsSequenceAfterItsSnapshotCloses() {
    put("a", "1");
    KvSnapshot snap = engine.snapshot();
    EngineIterator it = snap.iterator(Cf.DEFAULT, null, null);
    snap.close();
    put("a", "2");
    put("b", "2");
    assertThat(it.seekToFirst()).isTrue();
    assertThat(it.value()).isEqualTo(bytes("1"));
    assertThat(it.next()).isFalse();
    it.close();
    put("c", "3");
    assertThat(engine.versionCount()).isEqualTo(3);
  }

  @Test
  void aHotKeyUnderRollingSnapshotsStaysBounded() {
    KvSnapshot previous = engine.snapshot();
    for (int i = 0; i < 2_000; i++) {
      put("hot", String.valueOf(i));
      KvSnapshot next = engine.snapshot();
      previous.close();
      previous = next;
    }
    previous.close();
    put("hot", "last");
    assertThat(engine.versionCount()).isEqualTo(1);
    assertThat(engine.pendingPrunes()).isLessThanOrEqualTo(1);
  }

  private void put(String k, String v) {
    try (WriteBatch b = engine.newWriteBatch()) {
      b.put(Cf.DEFAULT, bytes(k), bytes(v));
      engine.write(b, false);
    }
  }

  private void delete(String k) {
    try (WriteBatch b = engine.newWriteBatch()) {
      b.delete(Cf.DEFAULT, bytes(k));
      engine.write(b, false);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
