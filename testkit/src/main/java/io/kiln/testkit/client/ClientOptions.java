package io.kiln.testkit.client;

import java.time.Duration;
import java.util.Set;

/**
 * How hard a {@link ClusterClient} tries.
 *
 * @param deadline how long one operation may take over all its attempts before it fails with
 *     {@link ClientDeadlineException}
 * @param attemptTimeout how long one attempt waits for its callback before trying elsewhere
 * @param backoffBase the first pause between failed attempts (doubling up to {@code backoffMax})
 * @param backoffMax the longest pause between attempts
 * @param stores the stores the client may talk to; empty means every store
 */
public record ClientOptions(
    Duration deadline, Duration attemptTimeout, Duration backoffBase, Duration backoffMax, Set<Long> stores) {

  public ClientOptions {
    if (deadline.isNegative() || deadline.isZero() || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
      throw new IllegalArgumentException("deadline and attempt timeout must be positive");
    }
    stores = Set.copyOf(stores);
  }

  /** 5 s per operation, 500 ms per attempt, backoff 5..100 ms, every store. */
  public static ClientOptions defaults() {
    return new ClientOptions(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(5),
        Duration.ofMillis(100), Set.of());
  }

  public ClientOptions withDeadline(Duration d) {
    return new ClientOptions(d, attemptTimeout, backoffBase, backoffMax, stores);
  }

  public ClientOptions withAttemptTimeout(Duration d) {
    return new ClientOptions(deadline, d, backoffBase, backoffMax, stores);
  }

  /** Only these stores (the client's side of a partition). */
  public ClientOptions withStores(Set<Long> only) {
    return new ClientOptions(deadline, attemptTimeout, backoffBase, backoffMax, only);
  }

  public boolean mayUse(long storeId) {
    return stores.isEmpty() || stores.contains(storeId);
  }
}
