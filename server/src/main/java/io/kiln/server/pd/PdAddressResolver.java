package io.kiln.server.pd;

import io.kiln.server.transport.StoreAddressResolver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Other stores' addresses from PD ({@code GetStore}), looked up off the caller's thread. Not
 * cached: the transport asks again only after a connection fails, which is exactly when a store
 * may have moved.
 */
public final class PdAddressResolver implements StoreAddressResolver, AutoCloseable {

  private final PdStoreClient pd;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "pd-resolver");
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentHashMap<Long, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();

  public PdAddressResolver(PdStoreClient pd) {
    this.pd = pd;
  }

  @Override
  public CompletableFuture<String> resolve(long storeId) {
    CompletableFuture<String> f = inFlight.computeIfAbsent(storeId, id -> CompletableFuture.supplyAsync(() -> {
      String a = pd.getStore(id).getAddress();
      if (a.isEmpty()) {
        throw new IllegalStateException("PD knows no address for store " + id);
      }
      return a;
    }, executor));
    f.whenComplete((a, e) -> inFlight.remove(storeId, f));
    return f;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
