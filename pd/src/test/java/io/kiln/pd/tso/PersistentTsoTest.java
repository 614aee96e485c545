package io.kiln.pd.tso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.clock.FakePdClock;
import io.kiln.pd.storage.CountingMetaStorage;
import io.kiln.pd.storage.EngineMetaStorage;
import io.kiln.pd.storage.MetaKeys;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersistentTsoTest {

  private static final long T0 = 1_700_000_000_000L;

  private final CountingMetaStorage storage = new CountingMetaStorage(new EngineMetaStorage(new MemoryKvEngine()));
  private final FakePdClock clock = new FakePdClock(T0);

  private PersistentTso startTso() {
    PersistentTso tso = new PersistentTso(storage, clock, 3_000);
    tso.load();
    return tso;
  }

  @Test
  void aThousandTimestampsStrictlyIncreaseWhileTheClockStandsStillAndMoves() {
    PersistentTso tso = startTso();
    long last = -1;
    for (int i = 0; i < 1000; i++) {
      if (i % 100 == 0) {
        clock.advance(1);
      }
      long ts = tso.next().compose();
      assertThat(ts).isGreaterThan(last);
      last = ts;
    }
  }

  @Test
  void physicalPartIsTheClockAndLogicalCountsWithinAMillisecond() {
    PersistentTso tso = startTso();

    TsoTimestamp first = tso.next();
    TsoTimestamp second = tso.next();
    clock.advance(5);
    TsoTimestamp third = tso.next();

    assertThat(first).isEqualTo(new TsoTimestamp(T0, 0));
    assertThat(second).isEqualTo(new TsoTimestamp(T0, 1));
    assertThat(third).isEqualTo(new TsoTimestamp(T0 + 5, 0));
    assertThat(third.compose()).isEqualTo((T0 + 5) << 18);
  }

  @Test
  void aBatchReturnsTheLastOfItsTimestamps() {
    PersistentTso tso = startTso();

    TsoTimestamp batch = tso.next(10);
    TsoTimestamp after = tso.next();

    assertThat(batch).isEqualTo(new TsoTimestamp(T0, 9));
    assertThat(after).isEqualTo(new TsoTimestamp(T0, 10));
  }

  @Test
  void whenTheClockGoesBackwardsTheLastPhysicalTimeIsKept() {
    PersistentTso tso = startTso();
    clock.advance(100);
    TsoTimestamp before = tso.next();

    clock.advance(-60_000);
    TsoTimestamp after = tso.next();

    assertThat(after.physical()).isEqualTo(before.physical());
    assertThat(after.logical()).isEqualTo(before.logical() + 1);
  }

  @Test
  void logicalOverflowWaitsForTheNextMillisecond() {
    PersistentTso tso = startTso();
    tso.next((int) (TsoTimestamp.MAX_LOGICAL / 2));
    TsoTimestamp full = tso.next((int) (TsoTimestamp.MAX_LOGICAL / 2));
    assertThat(full).isEqualTo(new TsoTimestamp(T0, TsoTimestamp.MAX_LOGICAL - 1));

    TsoTimestamp next = tso.next();

    assertThat(clock.sleptMillis()).isEqualTo(1);
    assertThat(next).isEqualTo(new TsoTimestamp(T0 + 1, 0));
  }

  @Test
  void logicalOverflowWithTheClockBehindMovesOneMillisecondAheadWithoutWaiting() {
    PersistentTso tso = startTso();
    TsoTimestamp last = tso.next((int) TsoTimestamp.MAX_LOGICAL - 1);
    clock.advance(-10_000);

    TsoTimestamp next = tso.next(2);

    assertThat(clock.sleptMillis()).isZero();
    assertThat(next).isEqualTo(new TsoTimestamp(last.physical() + 1, 1));
  }

  @Test
  void theWindowIsPersistedAheadAndWrittenOncePerInterval() {
    PersistentTso tso = startTso();
    int writesAfterLoad = storage.writes();
    assertThat(MetaKeys.decodeLong(storage.get(MetaKeys.TIMESTAMP))).isEqualTo(T0 + 3_000);

    for (int ms = 0; ms <= 3_000; ms++) {
      clock.advance(1);
      TsoTimestamp ts = tso.next();
      assertThat(ts.physical()).isLessThanOrEqualTo(tso.savedUpTo());
    }
    assertThat(storage.writes() - writesAfterLoad).isEqualTo(1);
    assertThat(tso.savedUpTo()).isEqualTo(T0 + 3_000 + 1 + 3_000);
  }

  @Test
  void aRestartContinuesPastTheWindowEvenWithTheClockAnHourBack() {
    PersistentTso tso = startTso();
    TsoTimestamp last = null;
    for (int i = 0; i < 1000; i++) {
      last = tso.next();
    }
    long window = tso.savedUpTo();

    clock.advance(-3_600_000);
    PersistentTso restarted = startTso();
    TsoTimestamp first = restarted.next();

    assertThat(first.compose()).isGreaterThan(last.compose());
    assertThat(first.physical()).isEqualTo(window + 1);
  }

  @Test
  void aRestartWithTheClockAheadUsesTheClock() {
    startTso().next();
    clock.advance(60_000);

    TsoTimestamp first = startTso().next();

    assertThat(first).isEqualTo(new TsoTimestamp(T0 + 60_000, 0));
  }

  @Test
  void nothingIsIssuedBeyondAWindowThatCouldNotBePersisted() {
    PersistentTso tso = startTso();
    TsoTimestamp before = tso.next();
    clock.advance(10_000);
    storage.failWrites(true);

    assertThatThrownBy(tso::next).hasMessageContaining("injected");

    storage.failWrites(false);
    clock.advance(-10_000);
    assertThat(tso.next().compose()).isGreaterThan(before.compose());
  }

  @Test
  void countsOutsideTheLogicalRangeAreRefused() {
    PersistentTso tso = startTso();

    assertThatThrownBy(() -> tso.next(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tso.next((int) TsoTimestamp.MAX_LOGICAL)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomClockJumpsBatchesAndRestartsNeverReissueATimestamp() {
    long seed = System.nanoTime();
    System.out.println("PersistentTsoTest.randomClockJumps seed=" + seed);
    Random random = new Random(seed);
    PersistentTso tso = startTso();
    long last = -1;
    for (int i = 0; i < 20_000; i++) {
      int roll = random.nextInt(100);
      if (roll < 30) {
        clock.advance(random.nextInt(101) - 50);
      } else if (roll < 31) {
        clock.advance(-random.nextInt(100_000));
      } else if (roll < 33) {
        tso = startTso();
      }
      int count = random.nextInt(20) == 0 ? 1 + random.nextInt(100_000) : 1 + random.nextInt(5);
      TsoTimestamp ts = tso.next(count);
      long firstOfBatch = ts.compose() - count + 1;
      assertThat(firstOfBatch).as("seed %d, step %d", seed, i).isGreaterThan(last);
      assertThat(ts.physical()).as("seed %d, step %d", seed, i).isLessThanOrEqualTo(tso.savedUpTo());
      last = ts.compose();
    }
  }
}
