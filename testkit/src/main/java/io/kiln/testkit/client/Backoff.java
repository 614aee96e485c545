package io.kiln.testkit.client;

import java.time.Duration;
import java.util.Random;

/** Exponential backoff with jitter for one operation: base, 2x base, ... up to max, never past the deadline. */
final class Backoff {

  private final long baseNanos;
  private final long maxNanos;
  private final Random random;
  private long next;

  Backoff(Duration base, Duration max, Random random) {
    this.baseNanos = base.toNanos();
    this.maxNanos = Math.max(base.toNanos(), max.toNanos());
    this.random = random;
    this.next = baseNanos;
  }

  /** Sleeps for the next pause (jittered between half and all of it), at most until {@code deadlineNanos}. */
  void pause(long deadlineNanos) {
    long pause = next / 2 + (long) (random.nextDouble() * (next / 2 + 1));
    next = Math.min(maxNanos, next * 2);
    long left = deadlineNanos - System.nanoTime();
    pause = Math.min(pause, Math.max(0, left));
    if (pause <= 0) {
      return;
    }
    try {
      Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }
}
