package io.kiln.storage.sched;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the scheduler, for metrics: commands and failures by tag, latch waits, busy refusals. */
public final class SchedulerStats {

  private final ConcurrentHashMap<String, LongAdder> commands = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final LongAdder latchWaits = new LongAdder();
  private final LongAdder busy = new LongAdder();

  void onCommand(String tag) {
    commands.computeIfAbsent(tag, t -> new LongAdder()).increment();
  }

  void onFailure(String tag) {
    failures.computeIfAbsent(tag, t -> new LongAdder()).increment();
  }

  void onLatchWait() {
    latchWaits.increment();
  }

  void onBusy() {
    busy.increment();
  }

  /** Commands started, by tag (a continued command counts once per step). */
  public Map<String, Long> commands() {
    return snapshot(commands);
  }

  /** Commands that ended in an exception (region errors included), by tag. */
  public Map<String, Long> failures() {
    return snapshot(failures);
  }

  /** Commands that had to wait for a latch. */
  public long latchWaits() {
    return latchWaits.sum();
  }

  /** Commands refused with ServerIsBusy by flow control. */
  public long busyRefusals() {
    return busy.sum();
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
