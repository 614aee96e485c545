package io.kiln.cli.bench;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one {@code kiln bench} run measured: the totals of the measured phase (warm-up excluded)
 * per operation type (successful operations only), failures, reads that found nothing, transactions
 * that lost a conflict (not counted as completed operations nor as failures), and every second's row.
 */
public record BenchResult(String target, Workload workload, int threads, double measuredSeconds,
    Map<OpType, Histogram> totals, Map<OpType, Long> errors, Map<String, Long> errorKinds, long notFound, long conflicts,
    long loaded, long loadErrors, List<IntervalRow> rows) {

  public long totalOps() {
    return totals.values().stream().mapToLong(Histogram::getTotalCount).sum();
  }

  public long totalErrors() {
    return errors.values().stream().mapToLong(Long::longValue).sum() + loadErrors;
  }

  public double throughput() {
    return measuredSeconds > 0 ? totalOps() / measuredSeconds : 0;
  }
}
