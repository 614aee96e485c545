package io.kiln.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Runs one benchmark against a target: the load phase (the records written by all threads), then
 * the warm-up and the measured phase, each thread a closed loop with one operation in flight. The
 * calling thread reports every second and collects the rows; only the measured phase counts in the
 * totals. Failures are counted per kind, never dropped.
 */
public final class BenchRunner {

  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final BenchSettings settings;
  private final BenchTarget target;
  private final PrintWriter out;
  private final LatencyRecorder recorder = new LatencyRecorder();

  public BenchRunner(BenchSettings settings, BenchTarget target, PrintWriter out) {
    this.settings = settings;
    this.target = target;
    this.out = out;
  }

  public BenchResult run() throws InterruptedException {
    long[] load = settings.load() ? load() : new long[] {0, 0};
    return measure(load[0], load[1]);
  }

  // ------------------------------------------------------------------ load phase

  /** Writes records 0..records-1; returns {written, failed}. */
  private long[] load() throws InterruptedException {
    KeyFormat format = settings.keyFormat();
    AtomicLong nextIndex = new AtomicLong();
    LongAdder written = new LongAdder();
    LongAdder failed = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    int loaders = (int) Math.min(settings.threads(), settings.records());
    for (int t = 0; t < loaders; t++) {
      Random random = new Random(threadSeed(settings.seed() ^ 0x5DEECE66DL, t));
      threads.add(start("bench-load-" + t, () -> {
        byte[] value = new byte[settings.valueSize()];
        for (long i = nextIndex.getAndIncrement(); i < settings.records(); i = nextIndex.getAndIncrement()) {
          random.nextBytes(value);
          try {
            if (settings.workload() == Workload.TXN2) {
              target.loadForTransactions(format.key(i), value);
            } else {
              target.put(format.key(i), value);
            }
            written.increment();
          } catch (RuntimeException e) {
            failed.increment();
            recorder.recordError(OpType.INSERT, "load: " + LatencyRecorder.kindOf(e));
          }
        }
      }));
    }
    long start = System.nanoTime();
    int second = 0;
    while (alive(threads)) {
      second++;
      sleepUntil(start + second * SECOND_NANOS, threads);
      long done = written.sum() + failed.sum();
      out.printf(Locale.ROOT, "[%4ds load  ] %d/%d records, %.0f records/s, failed %d%n", second, done,
          settings.records(), done / ((System.nanoTime() - start) / 1e9), failed.sum());
      out.flush();
    }
    join(threads);
    out.printf(Locale.ROOT, "load phase done: %d records written, %d failed, %.1f s%n", written.sum(), failed.sum(),
        (System.nanoTime() - start) / 1e9);
    out.flush();
    return new long[] {written.sum(), failed.sum()};
  }

  // ------------------------------------------------------------------ warm-up and measured phase

  private BenchResult measure(long loaded, long loadErrors) throws InterruptedException {
    OperationMix mix = settings.workload().mix();
    KeyChooser keys = settings.distribution().over(settings.records());
    AtomicLong nextInsert = new AtomicLong(settings.records());
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    out.printf(Locale.ROOT, "running workload %s against %s: %d in flight, %.1f s warm-up, %.1f s measured, seed %d%n",
        settings.workload().name().toLowerCase(Locale.ROOT), target.name(), settings.threads(),
        settings.warmup().toMillis() / 1000.0, settings.duration().toMillis() / 1000.0, settings.seed());
    out.flush();
    recorder.takeInterval(); // the load phase's failures stay in the error kinds, not in the rows
    for (int t = 0; t < settings.threads(); t++) {
      OperationGenerator gen = new OperationGenerator(mix, keys, settings.keyFormat(), nextInsert,
          settings.scanLength(), threadSeed(settings.seed(), t));
      threads.add(start("bench-client-" + t, () -> clientLoop(gen, stop)));
    }

    List<IntervalRow> rows = new ArrayList<>();
    Map<OpType, Histogram> totals = new EnumMap<>(OpType.class);
    Map<OpType, Long> errors = new EnumMap<>(OpType.class);
    for (OpType op : OpType.values()) {
      totals.put(op, LatencyRecorder.newHistogram());
      errors.put(op, 0L);
    }
    long start = System.nanoTime();
    long warmupEnd = start + settings.warmup().toNanos();
    long end = warmupEnd + settings.duration().toNanos();
    int second = 0;
    long intervalStart = start;
    long measuredOps = 0;
    while (intervalStart < end) {
      long phaseStart = intervalStart < warmupEnd ? start : warmupEnd;
      long phaseEnd = intervalStart < warmupEnd ? warmupEnd : end;
      long tick = Math.min(phaseEnd, phaseStart + ((intervalStart - phaseStart) / SECOND_NANOS + 1) * SECOND_NANOS);
      sleepUntil(tick, List.of());
      long now = System.nanoTime();
      LatencyRecorder.Interval interval = recorder.takeInterval();
      boolean warm = intervalStart < warmupEnd;
      String phase = warm ? "warmup" : "run";
      second++;
      double seconds = (now - intervalStart) / 1e9;
      long intervalOps = 0;
      StringBuilder p99 = new StringBuilder();
      long intervalErrors = 0;
      for (OpType op : OpType.values()) {
        Histogram h = interval.latencies().get(op);
        long e = interval.errors().get(op);
        if (h.getTotalCount() > 0 || e > 0) {
          rows.add(IntervalRow.of(second, phase, op, h, seconds, e));
          p99.append(' ').append(op.name().toLowerCase(Locale.ROOT)).append(' ')
              .append(h.getTotalCount() == 0 ? "-" : SummaryReport.millis(h.getValueAtPercentile(99)));
        }
        intervalOps += h.getTotalCount();
        intervalErrors += e;
        if (!warm) {
          totals.get(op).add(h);
          errors.merge(op, e, Long::sum);
        }
      }
      if (!warm) {
        measuredOps += intervalOps;
      }
      double sinceMeasured = (now - warmupEnd) / 1e9;
      out.printf(Locale.ROOT, "[%4ds %-6s] %9.0f ops/s, %s, p99 ms:%s, errors %d%n", second, phase,
          intervalOps / seconds, warm ? "warming up" : String.format(Locale.ROOT, "avg %.0f ops/s", measuredOps / sinceMeasured),
          p99.length() == 0 ? " -" : p99.toString(), intervalErrors);
      out.flush();
      intervalStart = now;
    }
    stop.set(true);
    join(threads);
    long stopped = System.nanoTime();
    // the operations that were in flight when the time was up finish now and still count
    LatencyRecorder.Interval tail = recorder.takeInterval();
    for (OpType op : OpType.values()) {
      totals.get(op).add(tail.latencies().get(op));
      errors.merge(op, tail.errors().get(op), Long::sum);
    }
    double measuredSeconds = (stopped - warmupEnd) / 1e9;
    return new BenchResult(target.name(), settings.workload(), settings.threads(), measuredSeconds, totals, errors,
        recorder.errorKinds(), recorder.notFound(), recorder.conflicts(), loaded, loadErrors, rows);
  }

  private void clientLoop(OperationGenerator gen, AtomicBoolean stop) {
    byte[] value = new byte[settings.valueSize()];
    byte[] otherValue = new byte[settings.valueSize()];
    while (!stop.get()) {
      Operation op = gen.next();
      if (op.type() != OpType.READ && op.type() != OpType.SCAN) {
        gen.nextValue(value);
        if (op.type() == OpType.TXN) {
          gen.nextValue(otherValue);
        }
      }
      long t0 = System.nanoTime();
      try {
        boolean ok = execute(op, value, otherValue);
        long took = System.nanoTime() - t0;
        if (ok) {
          recorder.recordSuccess(op.type(), took);
        } else {
          recorder.recordConflict();
        }
      } catch (RuntimeException e) {
        recorder.recordError(op.type(), LatencyRecorder.kindOf(e));
      }
    }
  }

  /** Runs one operation; false only for a transaction that lost a conflict. */
  private boolean execute(Operation op, byte[] value, byte[] otherValue) {
    switch (op.type()) {
      case READ:
        if (!target.get(op.key())) {
          recorder.recordNotFound();
        }
        return true;
      case UPDATE:
      case INSERT:
        target.put(op.key(), value);
        return true;
      case SCAN:
        target.scan(op.key(), op.scanLength());
        return true;
      case TXN:
        return target.transfer(op.key(), op.otherKey(), value, otherValue);
      default:
        throw new IllegalStateException("unknown operation " + op.type());
    }
  }

  // ------------------------------------------------------------------ threads and time

  static long threadSeed(long seed, int thread) {
    return seed + 0x9E3779B97F4A7C15L * (thread + 1);
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static boolean alive(List<Thread> threads) {
    return threads.stream().anyMatch(Thread::isAlive);
  }

  /** Sleeps until {@code deadline} (System.nanoTime), or until every thread in {@code finishing} is done. */
  private static void sleepUntil(long deadline, List<Thread> finishing) throws InterruptedException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || (!finishing.isEmpty() && !alive(finishing))) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
  }

  private static void join(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
  }
}
