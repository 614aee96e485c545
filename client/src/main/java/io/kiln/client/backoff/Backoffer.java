package io.kiln.client.backoff;

import io.kiln.client.error.BackoffExhaustedException;
import io.kiln.client.error.KilnClientException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The retry budget of one operation: a deadline, and for each {@link BackoffKind} an attempt
 * count that doubles its wait ({@code min(cap, base * 2^attempt)}, "equal jitter": half of it
 * fixed, the other half random). When the deadline has passed, the next backoff throws a
 * {@link BackoffExhaustedException} naming the operation and the last error. Not thread-safe: one
 * operation, one thread at a time.
 */
public final class Backoffer {

  private final String operation;
  private final long deadlineNanos;
  private final Random random;
  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private final Map<BackoffKind, Integer> attempts = new EnumMap<>(BackoffKind.class);
  private String lastError = "no error";
  private Throwable lastCause;
  private long totalSleptMs;

  Backoffer(String operation, long deadlineNanos, Random random, Sleeper sleeper, LongSupplier nanoClock) {
    this.operation = operation;
    this.deadlineNanos = deadlineNanos;
    this.random = random;
    this.sleeper = sleeper;
    this.nanoClock = nanoClock;
  }

  /**
   * Records {@code error} and waits before the next attempt.
   *
   * @throws BackoffExhaustedException if the deadline has passed
   */
  public void backoff(BackoffKind kind, String error, Throwable cause) {
    lastError = error;
    lastCause = cause;
    long remainingMs = remainingMillis();
    if (remainingMs <= 0) {
      throw exhausted();
    }
    int attempt = attempts.merge(kind, 1, Integer::sum) - 1;
    long sleep = Math.min(remainingMs, waitMillis(kind, attempt));
    try {
      sleeper.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KilnClientException(operation + " interrupted while backing off (last error: " + error + ")", e);
    }
    totalSleptMs += sleep;
  }

  /** The wait before retry number {@code attempt} (from 0) of {@code kind}. */
  long waitMillis(BackoffKind kind, int attempt) {
    long full = Math.min(kind.capMs(), kind.baseMs() << Math.min(attempt, 20));
    long half = full / 2;
    return half + (long) (random.nextDouble() * (full - half));
  }

  /** The exception to throw when the caller decides to stop, with the last error recorded. */
  public BackoffExhaustedException exhausted() {
    return new BackoffExhaustedException(operation + " (after " + totalSleptMs + " ms of backoff)", lastError, lastCause);
  }

  /** Milliseconds left before the deadline (0 or less once it passed). */
  public long remainingMillis() {
    return (deadlineNanos - nanoClock.getAsLong()) / 1_000_000L;
  }

  public String operation() {
    return operation;
  }

  public String lastError() {
    return lastError;
  }

  /** How many times {@code kind} backed off so far. */
  public int attempts(BackoffKind kind) {
    return attempts.getOrDefault(kind, 0);
  }

  public long totalSleptMillis() {
    return totalSleptMs;
  }
}
