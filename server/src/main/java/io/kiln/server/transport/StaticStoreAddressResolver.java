package io.kiln.server.transport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Addresses from a map the owner keeps current (tests, fixed deployments). */
public final class StaticStoreAddressResolver implements StoreAddressResolver {

  private final Map<Long, String> addresses = new ConcurrentHashMap<>();

  public StaticStoreAddressResolver() {}

  public StaticStoreAddressResolver(Map<Long, String> initial) {
    addresses.putAll(initial);
  }

  /** Sets (or replaces) where {@code storeId} listens. */
  public StaticStoreAddressResolver put(long storeId, String hostPort) {
    addresses.put(storeId, hostPort);
    return this;
  }

  public void remove(long storeId) {
    addresses.remove(storeId);
  }

  @Override
  public CompletableFuture<String> resolve(long storeId) {
    String a = addresses.get(storeId);
    return a != null ? CompletableFuture.completedFuture(a)
        : CompletableFuture.failedFuture(new IllegalArgumentException("no address known for store " + storeId));
  }
}
