package io.kiln.testkit.net;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Holds every message back between {@code minMs} and {@code maxMs} milliseconds (uniformly, from a
 * seeded {@link Random}); {@link #fixed} delays each by the same amount, which keeps their order.
 */
public final class Delay implements Filter {

  private final long minNanos;
  private final long maxNanos;
  private final Random random;

  public Delay(long minMs, long maxMs, Random random) {
    if (minMs < 0 || maxMs < minMs) {
      throw new IllegalArgumentException("delay needs 0 <= min <= max, got " + minMs + ".." + maxMs);
    }
    this.minNanos = TimeUnit.MILLISECONDS.toNanos(minMs);
    this.maxNanos = TimeUnit.MILLISECONDS.toNanos(maxMs);
    this.random = random;
  }

  public static Delay fixed(long ms) {
    return new Delay(ms, ms, null);
  }

  /** Up to {@code maxMs}, uniformly. */
  public static Delay upTo(long maxMs, Random random) {
    return new Delay(0, maxMs, random);
  }

  @Override
  public List<Delivery> apply(Delivery d) {
    long extra = minNanos == maxNanos ? minNanos : minNanos + (long) (random.nextDouble() * (maxNanos - minNanos));
    return List.of(d.delayedBy(extra));
  }

  @Override
  public String toString() {
    return "Delay(" + TimeUnit.NANOSECONDS.toMillis(minNanos) + ".." + TimeUnit.NANOSECONDS.toMillis(maxNanos) + " ms)";
  }
}
