package io.kiln.server.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Where a store listens: {@code "host:port"} of its gRPC server. Answers asynchronously (a PD
 * lookup takes a round trip); the transport asks again after a connection fails, so a store that
 * restarted on another address is found.
 */
public interface StoreAddressResolver {

  /** The store's address; completes exceptionally if the store is unknown. */
  CompletableFuture<String> resolve(long storeId);
}
