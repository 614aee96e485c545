package io.kiln.testkit.net;

import java.util.List;
import java.util.Random;

/** Drops each message with probability {@code rate}, drawn from a seeded {@link Random}. */
public final class RandomDrop implements Filter {

  private final double rate;
  private final Random random;

  public RandomDrop(double rate, Random random) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("drop rate must be in [0, 1], got " + rate);
    }
    this.rate = rate;
    this.random = random;
  }

  @Override
  public List<Delivery> apply(Delivery d) {
    return random.nextDouble() < rate ? List.of() : List.of(d);
  }

  @Override
  public String toString() {
    return "RandomDrop(" + rate + ")";
  }
}
