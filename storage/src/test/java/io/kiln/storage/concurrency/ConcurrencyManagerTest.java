package io.kiln.storage.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.LockType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** max_ts and the in-memory lock table. */
class ConcurrencyManagerTest {

  private final ConcurrencyManager cm = new ConcurrencyManager(5);

  private static byte[] k(String s) {
    return KeyCodec.encode(s.getBytes());
  }

  @Test
  void maxTsOnlyGrowsAndIgnoresReadLatest() {
    cm.updateMaxTs(3);
    assertThat(cm.maxTs()).isEqualTo(5);
    cm.updateMaxTs(9);
    cm.updateMaxTs(Long.MAX_VALUE);
    cm.updateMaxTs(-1);
    assertThat(cm.maxTs()).isEqualTo(9);
  }

  @Test
  void readersSeeALockOnlyWhileItsGuardIsHeld() {
    KeyHandleGuard guard = cm.lockKey(k("b"));
    cm.readKeyCheck(k("b"), (key, lock) -> {
      throw new AssertionError("no lock stored yet");
    });
    guard.withLock(ignored -> new Lock(LockType.PUT, "b".getBytes(), 10, 0));
    assertThatThrownBy(() -> cm.readKeyCheck(k("b"), (key, lock) -> {
      throw new IllegalStateException("locked at " + lock.startTs());
    })).hasMessage("locked at 10");
    List<Long> inRange = new ArrayList<>();
    cm.readRangeCheck(k("a"), k("c"), (key, lock) -> inRange.add(lock.startTs()));
    cm.readRangeCheck(k("c"), null, (key, lock) -> inRange.add(-1L));
    assertThat(inRange).containsExactly(10L);
    guard.close();
    assertThat(cm.memoryLock(k("b"))).isNull();
    cm.readKeyCheck(k("b"), (key, lock) -> {
      throw new AssertionError("released");
    });
  }

  @Test
  void lockKeysTakesSortedGuardsThatCanBeRetakenAfterRelease() {
    List<KeyHandleGuard> guards = cm.lockKeys(List.of(k("z"), k("a")));
    assertThat(guards).extracting(KeyHandleGuard::key).containsExactly(k("a"), k("z"));
    guards.forEach(KeyHandleGuard::close);
    try (KeyHandleGuard again = cm.lockKey(k("a"))) {
      assertThat(again.key()).isEqualTo(k("a"));
    }
  }
}
