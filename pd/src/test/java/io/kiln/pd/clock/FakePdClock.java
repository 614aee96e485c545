package io.kiln.pd.clock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests move by hand; sleeping advances it instead of waiting. */
public final class FakePdClock implements PdClock {

  private final AtomicLong now;
  private final AtomicLong slept = new AtomicLong();

  public FakePdClock(long startMillis) {
    this.now = new AtomicLong(startMillis);
  }

  @Override
  public long nowMillis() {
    return now.get();
  }

  @Override
  public void sleepMillis(long millis) {
    slept.addAndGet(millis);
    now.addAndGet(millis);
  }

  public void set(long millis) {
    now.set(millis);
  }

  /** Moves the clock by {@code deltaMillis}, which may be negative. */
  public void advance(long deltaMillis) {
    now.addAndGet(deltaMillis);
  }

  /** Total milliseconds "slept" through this clock. */
  public long sleptMillis() {
    return slept.get();
  }
}
