package io.kiln.pd.clock;

/**
 * Wall-clock time as PD sees it. Injected everywhere PD reads time (TSO, heartbeat ages,
 * operator timeouts, service safe point TTLs) so tests can move time freely, backwards too.
 */
public interface PdClock {

  /** Milliseconds since the Unix epoch. May go backwards (NTP steps); callers must cope. */
  long nowMillis();

  /**
   * Waits about {@code millis} milliseconds of this clock's time. A simulated clock advances
   * itself instead of sleeping.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleepMillis(long millis) throws InterruptedException;
}
