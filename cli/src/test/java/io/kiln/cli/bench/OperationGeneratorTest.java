package io.kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OperationGeneratorTest {

  private static final long SEED = 20261124L;
  private static final int OPS = 100_000;
  private static final long RECORDS = 10_000;

  private static OperationGenerator generator(Workload w, long seed, AtomicLong nextInsert) {
    return new OperationGenerator(w.mix(), Distribution.ZIPFIAN.over(RECORDS), new KeyFormat(16), nextInsert, 100, seed);
  }

  @ParameterizedTest
  @EnumSource(Workload.class)
  void aSeededRunFollowsTheWorkloadsMix(Workload w) {
    System.out.println("seed " + SEED + ", workload " + w);
    OperationGenerator gen = generator(w, SEED, new AtomicLong(RECORDS));
    Map<OpType, Integer> counts = new EnumMap<>(OpType.class);
    for (int i = 0; i < OPS; i++) {
      counts.merge(gen.next().type(), 1, Integer::sum);
    }
    Map<OpType, Double> expected = w.mix().proportions();
    assertThat(counts.keySet()).isEqualTo(expected.keySet());
    // 100k draws: the standard deviation of a proportion is at most 0.0016, so 0.01 is over 6 sigmas
    expected.forEach((op, p) -> assertThat(counts.get(op) / (double) OPS).as(op.name()).isCloseTo(p, within(0.01)));
  }

  @Test
  void theSameSeedGivesTheSameOperations() {
    OperationGenerator a = generator(Workload.E, SEED, new AtomicLong(RECORDS));
    OperationGenerator b = generator(Workload.E, SEED, new AtomicLong(RECORDS));
    for (int i = 0; i < 1000; i++) {
      Operation x = a.next();
      Operation y = b.next();
      assertThat(x.type()).isEqualTo(y.type());
      assertThat(x.key()).isEqualTo(y.key());
      assertThat(x.scanLength()).isEqualTo(y.scanLength());
    }
  }

  @Test
  void insertsTakeFreshKeysAndOtherOperationsExistingOnes() {
    AtomicLong nextInsert = new AtomicLong(RECORDS);
    OperationGenerator gen = generator(Workload.E, SEED, nextInsert);
    KeyFormat format = new KeyFormat(16);
    List<byte[]> inserted = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Operation op = gen.next();
      long index = Long.parseLong(new String(op.key(), 1, 15, java.nio.charset.StandardCharsets.US_ASCII));
      if (op.type() == OpType.INSERT) {
        assertThat(index).isGreaterThanOrEqualTo(RECORDS);
        inserted.add(op.key());
      } else {
        assertThat(index).isBetween(0L, RECORDS - 1);
        assertThat(op.scanLength()).isBetween(1, 100);
      }
    }
    assertThat(inserted).isNotEmpty();
    assertThat(inserted.stream().map(Arrays::toString).distinct().count()).isEqualTo(inserted.size());
    assertThat(nextInsert.get()).isEqualTo(RECORDS + inserted.size());
    assertThat(format.key(RECORDS)).isEqualTo(inserted.get(0));
  }

  @Test
  void aTransferAlwaysTouchesTwoDifferentRecords() {
    // 3 zipfian records: the hot one is drawn often, so equal draws happen and must be redrawn
    OperationGenerator gen = new OperationGenerator(Workload.TXN2.mix(), Distribution.ZIPFIAN.over(3), new KeyFormat(16),
        new AtomicLong(3), 100, SEED);
    for (int i = 0; i < 10_000; i++) {
      Operation op = gen.next();
      assertThat(op.type()).isEqualTo(OpType.TXN);
      assertThat(op.otherKey()).isNotEqualTo(op.key());
    }
  }

  @Test
  void keysHaveTheirSizeAndSortAsTheirIndexes() {
    KeyFormat f = new KeyFormat(10);
    assertThat(f.key(7)).hasSize(10).isEqualTo("k000000007".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(Arrays.compareUnsigned(f.key(99), f.key(100))).isNegative();
    assertThat(f.fits(999_999_999L)).isTrue();
    assertThat(f.fits(1_000_000_000L)).isFalse();
  }
}
