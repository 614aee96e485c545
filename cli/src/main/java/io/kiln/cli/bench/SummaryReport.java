package io.kiln.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Prints the end-of-run summary: throughput and p50/p90/p99/p99.9/max per operation type, and every failure. */
public final class SummaryReport {

  private SummaryReport() {}

  public static void print(BenchResult r, PrintWriter out) {
    out.printf(Locale.ROOT, "%n== %s, workload %s, %d in flight, %.1f s measured ==%n", r.target(),
        r.workload().name().toLowerCase(Locale.ROOT), r.threads(), r.measuredSeconds());
    out.printf(Locale.ROOT, "%-7s %10s %10s %9s %9s %9s %9s %9s %8s%n", "op", "count", "ops/s", "p50 ms", "p90 ms",
        "p99 ms", "p999 ms", "max ms", "errors");
    for (Map.Entry<OpType, Histogram> e : r.totals().entrySet()) {
      Histogram h = e.getValue();
      long errors = r.errors().getOrDefault(e.getKey(), 0L);
      if (h.getTotalCount() == 0 && errors == 0) {
        continue;
      }
      out.printf(Locale.ROOT, "%-7s %10d %10.1f %9s %9s %9s %9s %9s %8d%n", e.getKey().name().toLowerCase(Locale.ROOT),
          h.getTotalCount(), h.getTotalCount() / Math.max(1e-9, r.measuredSeconds()), ms(h, 50), ms(h, 90), ms(h, 99),
          ms(h, 99.9), h.getTotalCount() == 0 ? "-" : millis(h.getMaxValue()), errors);
    }
    out.printf(Locale.ROOT, "total   %10d %10.1f ops/s, errors %d%n", r.totalOps(), r.throughput(), r.totalErrors());
    if (r.loaded() > 0 || r.loadErrors() > 0) {
      out.printf(Locale.ROOT, "load phase: %d records written, %d failed%n", r.loaded(), r.loadErrors());
    }
    if (r.conflicts() > 0) {
      out.printf(Locale.ROOT, "transactions aborted by a write conflict (not retried, not in the counts above): %d%n",
          r.conflicts());
    }
    if (r.notFound() > 0) {
      out.printf(Locale.ROOT, "reads that found no value: %d%n", r.notFound());
    }
    if (!r.errorKinds().isEmpty()) {
      out.println("failures:");
      r.errorKinds().forEach((kind, n) -> out.printf(Locale.ROOT, "  %8d  %s%n", n, kind));
    }
    out.flush();
  }

  private static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "-" : millis(h.getValueAtPercentile(percentile));
  }

  static String millis(long micros) {
    return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
  }
}
