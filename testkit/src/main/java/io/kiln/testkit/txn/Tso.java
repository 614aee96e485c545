package io.kiln.testkit.txn;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A timestamp oracle for in-process clusters, in PD's format ({@code physical_ms << 18 | logical}):
 * strictly increasing, with the physical part following the given clock so that lock TTLs expire
 * as they would against PD.
 */
public final class Tso {

  private final LongSupplier millis;
  private final AtomicLong last = new AtomicLong();

  public Tso(LongSupplier millis) {
    this.millis = millis;
  }

  public static Tso systemClock() {
    return new Tso(System::currentTimeMillis);
  }

  /** A new timestamp, larger than every one handed out before. */
  public long next() {
    long now = millis.getAsLong() << 18;
    return last.accumulateAndGet(now, (prev, candidate) -> Math.max(prev + 1, candidate));
  }

  /** The physical part (milliseconds) of a timestamp. */
  public static long physical(long ts) {
    return ts >>> 18;
  }
}
