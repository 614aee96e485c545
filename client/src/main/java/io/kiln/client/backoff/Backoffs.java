package io.kiln.client.backoff;

import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Makes a {@link Backoffer} per operation. Holds what they share: the random source for jitter
 * (injected, seeded in tests), how to sleep and the monotonic clock (nanoseconds) deadlines are
 * measured on.
 */
public final class Backoffs {

  private final Random random;
  private final Sleeper sleeper;
  private final LongSupplier nanoClock;

  public Backoffs(Random random, Sleeper sleeper, LongSupplier nanoClock) {
    this.random = Objects.requireNonNull(random, "random");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** Real sleeps on {@link System#nanoTime()} with the given random source. */
  public static Backoffs system(Random random) {
    return new Backoffs(random, Sleeper.THREAD, System::nanoTime);
  }

  /** A backoffer for one operation that gives up {@code timeoutMs} from now. */
  public Backoffer start(String operation, long timeoutMs) {
    return new Backoffer(operation, nanoClock.getAsLong() + timeoutMs * 1_000_000L, random, sleeper, nanoClock);
  }
}
