package io.kiln.storage.sched;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatchesTest {

  private static List<byte[]> keys(String... ks) {
    List<byte[]> out = new ArrayList<>();
    for (String k : ks) {
      out.add(k.getBytes(UTF_8));
    }
    return out;
  }

  @Test
  void secondCommandOnSameKeyWaitsUntilTheFirstReleases() {
    Latches latches = new Latches(256);
    Latches.Lock a = latches.lockFor(keys("k1", "k2"));
    Latches.Lock b = latches.lockFor(keys("k2", "k3"));
    assertThat(latches.acquire(a, 1)).isTrue();
    assertThat(latches.acquire(b, 2)).isFalse();
    assertThat(latches.release(a, 1)).containsExactly(2L);
    assertThat(latches.acquire(b, 2)).isTrue();
    assertThat(latches.release(b, 2)).isEmpty();
  }

  @Test
  void disjointKeysDoNotWaitAndDuplicateKeysTakeOneSlot() {
    Latches latches = new Latches(1 << 16);
    Latches.Lock a = latches.lockFor(keys("a", "a", "a"));
    assertThat(a.required).hasSize(1);
    assertThat(latches.acquire(a, 1)).isTrue();
    Latches.Lock b = latches.lockFor(keys("b"));
    if (b.required[0] != a.required[0]) {
      assertThat(latches.acquire(b, 2)).isTrue();
    }
  }

  @Test
  void noKeysNeedsNoLatch() {
    Latches latches = new Latches(8);
    Latches.Lock none = latches.lockFor(List.of());
    assertThat(none.isEmpty()).isTrue();
    assertThat(latches.acquire(none, 7)).isTrue();
    assertThat(latches.release(none, 7)).isEmpty();
  }

  @Test
  void waitersAreWokenInArrivalOrder() {
    Latches latches = new Latches(16);
    Latches.Lock first = latches.lockFor(keys("x"));
    Latches.Lock second = latches.lockFor(keys("x"));
    Latches.Lock third = latches.lockFor(keys("x"));
    assertThat(latches.acquire(first, 1)).isTrue();
    assertThat(latches.acquire(second, 2)).isFalse();
    assertThat(latches.acquire(third, 3)).isFalse();
    assertThat(latches.release(first, 1)).containsExactly(2L);
    assertThat(latches.acquire(third, 3)).isFalse();
    assertThat(latches.acquire(second, 2)).isTrue();
    assertThat(latches.release(second, 2)).containsExactly(3L);
    assertThat(latches.acquire(third, 3)).isTrue();
  }

  @Test
  void slotCountMustBePositive() {
    assertThatThrownBy(() -> new Latches(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Random commands over few keys and few slots, driven one step at a time by a seeded random:
   * commands that own a slot never share it, and every command eventually runs (no deadlock).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void randomCommandsAllRunAndNeverShareASlot(long seed) {
    System.out.println("LatchesTest seed " + seed);
    Random rnd = new Random(seed);
    Latches latches = new Latches(8);
    int commands = 200;
    Map<Long, Latches.Lock> locks = new HashMap<>();
    Deque<Long> runnable = new ArrayDeque<>();
    List<Long> running = new ArrayList<>();
    int finished = 0;
    for (long cid = 1; cid <= commands; cid++) {
      List<byte[]> ks = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        ks.add(("k" + rnd.nextInt(20)).getBytes(UTF_8));
      }
      Latches.Lock lock = latches.lockFor(ks);
      locks.put(cid, lock);
      runnable.add(cid);
    }
    while (finished < commands) {
      boolean release = !running.isEmpty() && (runnable.isEmpty() || rnd.nextBoolean());
      if (release) {
        long cid = running.remove(rnd.nextInt(running.size()));
        for (long woken : latches.release(locks.get(cid), cid)) {
          runnable.add(woken);
        }
        finished++;
      } else {
        long cid = runnable.poll();
        if (latches.acquire(locks.get(cid), cid)) {
          for (long other : running) {
            for (int s : locks.get(cid).required) {
              assertThat(locks.get(other).required).as("seed %d: slot %d owned twice", seed, s).doesNotContain(s);
            }
          }
          running.add(cid);
        }
      }
      assertThat(running.isEmpty() && runnable.isEmpty() && finished < commands)
          .as("seed %d: deadlock with %d finished", seed, finished).isFalse();
    }
  }
}
