package io.kiln.cli.bench;

import org.HdrHistogram.Histogram;

/**
 * One operation type over one second of the run: what the CSV writes and the plot draws.
 * Latencies in microseconds; {@code second} counts from the start of the warm-up.
 */
public record IntervalRow(int second, String phase, OpType op, long count, double opsPerSec,
    long p50Micros, long p90Micros, long p99Micros, long p999Micros, long maxMicros, long errors) {

  public static IntervalRow of(int second, String phase, OpType op, Histogram h, double seconds, long errors) {
    long n = h.getTotalCount();
    return new IntervalRow(second, phase, op, n, seconds > 0 ? n / seconds : 0,
        n == 0 ? 0 : h.getValueAtPercentile(50), n == 0 ? 0 : h.getValueAtPercentile(90),
        n == 0 ? 0 : h.getValueAtPercentile(99), n == 0 ? 0 : h.getValueAtPercentile(99.9),
        n == 0 ? 0 : h.getMaxValue(), errors);
  }
}
