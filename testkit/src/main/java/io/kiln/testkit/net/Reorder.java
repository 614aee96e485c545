package io.kiln.testkit.net;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Holds a fraction {@code rate} of the messages back by up to {@code maxHoldMs}, so the messages
 * sent after them overtake them; the rest pass at once.
 */
public final class Reorder implements Filter {

  private final double rate;
  private final long maxHoldNanos;
  private final Random random;

  public Reorder(double rate, long maxHoldMs, Random random) {
    if (rate < 0 || rate > 1 || maxHoldMs <= 0) {
      throw new IllegalArgumentException("reorder needs rate in [0, 1] and a positive hold");
    }
    this.rate = rate;
    this.maxHoldNanos = TimeUnit.MILLISECONDS.toNanos(maxHoldMs);
    this.random = random;
  }

  @Override
  public List<Delivery> apply(Delivery d) {
    if (random.nextDouble() >= rate) {
      return List.of(d);
    }
    return List.of(d.delayedBy(1 + (long) (random.nextDouble() * maxHoldNanos)));
  }

  @Override
  public String toString() {
    return "Reorder(" + rate + ", " + TimeUnit.NANOSECONDS.toMillis(maxHoldNanos) + " ms)";
  }
}
