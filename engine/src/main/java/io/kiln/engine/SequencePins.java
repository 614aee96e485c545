package io.kiln.engine;

import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The sequence numbers that open snapshots and iterators of a {@link MemoryKvEngine} read at, as a
 * multiset. The smallest of them (or the newest visible sequence when none is pinned) is the
 * pruning horizon: no reader can ever read below it. Pinning and computing the horizon share one
 * lock, so a reader that pins the current sequence is never below a horizon computed later.
 */
final class SequencePins {

  private final TreeMap<Long, Integer> pins = new TreeMap<>();

  /** Pins the sequence {@code current} returns now, and returns it. */
  synchronized long pinCurrent(LongSupplier current) {
    long seq = current.getAsLong();
    pins.merge(seq, 1, Integer::sum);
    return seq;
  }

  /** Pins {@code seq} again (it must be pinned already, by a snapshot still open). */
  synchronized void pinAgain(long seq) {
    if (!pins.containsKey(seq)) {
      throw new IllegalStateException("sequence " + seq + " is not pinned");
    }
    pins.merge(seq, 1, Integer::sum);
  }

  synchronized void unpin(long seq) {
    Integer n = pins.get(seq);
    if (n == null) {
      throw new IllegalStateException("sequence " + seq + " is not pinned");
    }
    if (n == 1) {
      pins.remove(seq);
    } else {
      pins.put(seq, n - 1);
    }
  }

  /** The oldest sequence a reader may read at: the smallest pin, at most {@code visible}. */
  synchronized long horizon(long visible) {
    return pins.isEmpty() ? visible : Math.min(pins.firstKey(), visible);
  }

  synchronized int size() {
    return pins.values().stream().mapToInt(Integer::intValue).sum();
  }
}
