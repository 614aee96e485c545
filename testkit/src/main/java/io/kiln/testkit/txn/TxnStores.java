package io.kiln.testkit.txn;

import io.kiln.raftstore.RaftStore;
import io.kiln.server.txn.TxnKv;
import io.kiln.storage.Storage;
import io.kiln.storage.StorageConfig;
import io.kiln.storage.concurrency.ConcurrencyManager;
import io.kiln.testkit.Cluster;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The transaction layer of every running store of a {@link Cluster}: a {@link Storage} and the
 * server's {@link TxnKv} over each store's RaftKv, the same code the gRPC service runs. A store
 * that was restarted gets a new Storage (with max_ts from the oracle, as a store takes it from PD
 * at start); the old one is closed.
 */
public final class TxnStores implements AutoCloseable {

  private final Cluster cluster;
  private final Tso tso;
  private final StorageConfig config;
  private final Map<Long, Entry> entries = new HashMap<>();

  private record Entry(RaftStore store, Storage storage, TxnKv txn) {}

  public TxnStores(Cluster cluster, Tso tso, StorageConfig config) {
    this.cluster = cluster;
    this.tso = tso;
    this.config = config;
  }

  /** The transactional RPCs of store {@code storeId}; empty if it is not running. */
  public synchronized Optional<TxnKv> txn(long storeId) {
    if (!cluster.isRunning(storeId)) {
      return Optional.empty();
    }
    RaftStore store;
    try {
      store = cluster.store(storeId);
    } catch (IllegalStateException stopped) {
      return Optional.empty();
    }
    Entry e = entries.get(storeId);
    if (e == null || e.store() != store) {
      if (e != null) {
        e.storage().close();
      }
      Storage storage = new Storage(store.raftKv(), config, new ConcurrencyManager(tso.next()));
      e = new Entry(store, storage, new TxnKv(storage));
      entries.put(storeId, e);
    }
    return Optional.of(e.txn());
  }

  /** The Storage of store {@code storeId} if it is running (for its counters). */
  public synchronized Optional<Storage> storage(long storeId) {
    return txn(storeId).map(t -> entries.get(storeId).storage());
  }

  @Override
  public synchronized void close() {
    entries.values().forEach(e -> e.storage().close());
    entries.clear();
  }
}
