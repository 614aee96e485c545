package io.kiln.cli.bench;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where the client threads record each operation: its latency (microseconds, HdrHistogram with 3
 * significant digits) when it succeeded, its kind of failure when it did not. The reporting thread
 * takes an {@link Interval} every second; recording never blocks the client threads.
 */
public final class LatencyRecorder {

  /** Latencies above ten minutes are clamped to it. */
  static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
  static final int SIGNIFICANT_DIGITS = 3;

  private final Map<OpType, Recorder> recorders = new EnumMap<>(OpType.class);
  private final Map<OpType, LongAdder> errors = new EnumMap<>(OpType.class);
  private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
  private final LongAdder notFound = new LongAdder();
  private final LongAdder conflicts = new LongAdder();

  public LatencyRecorder() {
    for (OpType t : OpType.values()) {
      recorders.put(t, new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS));
      errors.put(t, new LongAdder());
    }
  }

  /** A fresh, empty histogram of the same shape as the recorded ones. */
  public static Histogram newHistogram() {
    return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  }

  public void recordSuccess(OpType type, long nanos) {
    long micros = Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
    recorders.get(type).recordValue(micros);
  }

  /** A failed operation; {@code kind} groups failures in the report (say, the exception and its message). */
  public void recordError(OpType type, String kind) {
    errors.get(type).increment();
    errorKinds.computeIfAbsent(type + ": " + kind, k -> new LongAdder()).increment();
  }

  /** A read that found no value (not an error: a record that was never loaded). */
  public void recordNotFound() {
    notFound.increment();
  }

  /** The latencies and error counts recorded since the previous call. */
  public Interval takeInterval() {
    Map<OpType, Histogram> latencies = new EnumMap<>(OpType.class);
    Map<OpType, Long> errorCounts = new EnumMap<>(OpType.class);
    for (OpType t : OpType.values()) {
      latencies.put(t, recorders.get(t).getIntervalHistogram());
      errorCounts.put(t, errors.get(t).sumThenReset());
    }
    return new Interval(latencies, errorCounts);
  }

  /** Every kind of failure seen so far, with its count, sorted by kind. */
  public Map<String, Long> errorKinds() {
    Map<String, Long> out = new TreeMap<>();
    errorKinds.forEach((k, v) -> out.put(k, v.sum()));
    return Collections.unmodifiableMap(out);
  }

  /** A transaction that lost a write conflict and was not retried: not an error, an outcome of optimistic concurrency. */
  public void recordConflict() {
    conflicts.increment();
  }

  public long conflicts() {
    return conflicts.sum();
  }

  public long notFound() {
    return notFound.sum();
  }

  /** One interval's recordings per operation type. */
  public record Interval(Map<OpType, Histogram> latencies, Map<OpType, Long> errors) {}

  /** A short description of a failure for grouping: the exception's simple name and message, cut. */
  public static String kindOf(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (message.length() > 120) {
      message = message.substring(0, 120) + "...";
    }
    return e.getClass().getSimpleName() + ": " + message;
  }
}
