package io.kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipfianKeysTest {

  private static final long SEED = 42L;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 10, 1000, 100_000})
  void everyChoiceIsInRangeScrambledOrNot(long items) {
    System.out.println("seed " + SEED + ", items " + items);
    Random random = new Random(SEED);
    KeyChooser plain = new ZipfianKeys(items, ZipfianKeys.YCSB_THETA, false);
    KeyChooser scrambled = new ZipfianKeys(items, ZipfianKeys.YCSB_THETA, true);
    KeyChooser uniform = new UniformKeys(items);
    for (int i = 0; i < 50_000; i++) {
      assertThat(plain.next(random)).isBetween(0L, items - 1);
      assertThat(scrambled.next(random)).isBetween(0L, items - 1);
      assertThat(uniform.next(random)).isBetween(0L, items - 1);
    }
  }

  @Test
  void theFirstItemsAreTheMostPopular() {
    long items = 1000;
    System.out.println("seed " + SEED);
    Random random = new Random(SEED);
    ZipfianKeys z = new ZipfianKeys(items, ZipfianKeys.YCSB_THETA, false);
    long[] counts = new long[(int) items];
    int draws = 200_000;
    for (int i = 0; i < draws; i++) {
      counts[(int) z.next(random)]++;
    }
    // with theta 0.99 over 1000 items item 0 has about 13% of the draws, item 1 about half of that
    assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(draws / 10);
    assertThat(counts[1]).isGreaterThan(counts[10]);
    long top10 = 0;
    for (int i = 0; i < 10; i++) {
      top10 += counts[i];
    }
    long bottomHalf = 0;
    for (int i = 500; i < 1000; i++) {
      bottomHalf += counts[i];
    }
    assertThat(top10).isGreaterThan(bottomHalf);
    assertThat(counts[999]).isPositive();
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new ZipfianKeys(0, 0.99, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfianKeys(10, 1.0, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UniformKeys(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
