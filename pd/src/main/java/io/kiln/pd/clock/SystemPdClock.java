package io.kiln.pd.clock;

/** The machine's clock: {@link System#currentTimeMillis()} and {@link Thread#sleep(long)}. */
public final class SystemPdClock implements PdClock {

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public void sleepMillis(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
