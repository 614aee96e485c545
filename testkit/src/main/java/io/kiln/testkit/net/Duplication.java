package io.kiln.testkit.net;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Delivers a message twice with probability {@code rate}; the copy arrives up to {@code
 * maxLagMs} after the original (so it may also overtake later messages).
 */
public final class Duplication implements Filter {

  private final double rate;
  private final long maxLagNanos;
  private final Random random;

  public Duplication(double rate, long maxLagMs, Random random) {
    if (rate < 0 || rate > 1 || maxLagMs < 0) {
      throw new IllegalArgumentException("duplication needs rate in [0, 1] and lag >= 0");
    }
    this.rate = rate;
    this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMs);
    this.random = random;
  }

  @Override
  public List<Delivery> apply(Delivery d) {
    if (random.nextDouble() >= rate) {
      return List.of(d);
    }
    return List.of(d, d.delayedBy((long) (random.nextDouble() * maxLagNanos)));
  }

  @Override
  public String toString() {
    return "Duplication(" + rate + ")";
  }
}
