package io.kiln.client.backoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.client.error.BackoffExhaustedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackofferTest {

  /** A clock that moves only when the backoffer sleeps. */
  static final class FakeTime {
    long nanos;
    final List<Long> sleeps = new ArrayList<>();

    Backoffs backoffs(long seed) {
      return new Backoffs(new Random(seed), ms -> {
        sleeps.add(ms);
        nanos += ms * 1_000_000L;
      }, () -> nanos);
    }
  }

  @Test
  void waitsGrowExponentiallyWithJitterUpToTheCap() {
    long seed = 42;
    FakeTime time = new FakeTime();
    Backoffer b = time.backoffs(seed).start("op", 60_000);
    for (int i = 0; i < 12; i++) {
      b.backoff(BackoffKind.REGION_MISS, "miss " + i, null);
    }
    BackoffKind k = BackoffKind.REGION_MISS;
    for (int i = 0; i < time.sleeps.size(); i++) {
      long full = Math.min(k.capMs(), k.baseMs() << i);
      assertThat(time.sleeps.get(i)).as("attempt %d, seed %d", i, seed).isBetween(full / 2, full);
    }
    assertThat(time.sleeps.get(11)).isGreaterThanOrEqualTo(k.capMs() / 2);
    assertThat(b.attempts(BackoffKind.REGION_MISS)).isEqualTo(12);
    assertThat(b.attempts(BackoffKind.SERVER_BUSY)).isZero();
  }

  @Test
  void sameSeedSameWaits() {
    FakeTime t1 = new FakeTime();
    FakeTime t2 = new FakeTime();
    Backoffer a = t1.backoffs(7).start("op", 60_000);
    Backoffer b = t2.backoffs(7).start("op", 60_000);
    for (int i = 0; i < 8; i++) {
      a.backoff(BackoffKind.SERVER_BUSY, "busy", null);
      b.backoff(BackoffKind.SERVER_BUSY, "busy", null);
    }
    assertThat(t1.sleeps).isEqualTo(t2.sleeps);
  }

  @Test
  void givesUpAtTheDeadlineWithTheLastError() {
    FakeTime time = new FakeTime();
    Backoffer b = time.backoffs(1).start("RawGet", 1_000);
    RuntimeException cause = new RuntimeException("boom");
    assertThatThrownBy(() -> {
      for (int i = 0; i < 1_000; i++) {
        b.backoff(BackoffKind.STORE_UNREACHABLE, "store 2 unreachable #" + i, cause);
      }
    }).isInstanceOf(BackoffExhaustedException.class)
        .hasMessageContaining("RawGet")
        .hasMessageContaining("store 2 unreachable")
        .hasCause(cause);
    // never sleeps past the deadline
    assertThat(time.sleeps.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(1_000);
  }
}
