package io.kiln.client.backoff;

/** How a backoff waits; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  Sleeper THREAD = Thread::sleep;

  void sleep(long millis) throws InterruptedException;
}
