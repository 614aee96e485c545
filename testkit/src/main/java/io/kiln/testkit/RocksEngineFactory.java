package io.kiln.testkit;

import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksEngines;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each store keeps its engines in {@code <root>/store-<id>} ({@link RocksEngines}: {@code db} and
 * {@code raft} below it, and region snapshot files in {@code snap}), opened with {@link RocksEngineOptions#small()}. A stopped store's
 * engines are closed; reopening reads the same folder, as a restarted process would. {@link
 * #close()} closes whatever is still open and deletes the root.
 */
final class RocksEngineFactory implements EngineFactory {

  private final Path root;
  private final Map<Long, RocksEngines> open = new ConcurrentHashMap<>();

  RocksEngineFactory(Path root) {
    this.root = root;
  }

  static RocksEngineFactory inTempDir() {
    return new RocksEngineFactory(TempDirs.create("kiln-cluster-"));
  }

  @Override
  public StoreEngines open(long storeId) {
    if (open.containsKey(storeId)) {
      throw new IllegalStateException("the engines of store " + storeId + " are already open");
    }
    Path dir = root.resolve("store-" + storeId);
    RocksEngines engines = RocksEngines.open(dir, RocksEngineOptions.small());
    open.put(storeId, engines);
    return new StoreEngines(engines.kv(), engines.raft(), dir.resolve("snap"), () -> {
      if (open.remove(storeId, engines)) {
        engines.close();
      }
    });
  }

  @Override
  public String name() {
    return "rocksdb";
  }

  public Path root() {
    return root;
  }

  @Override
  public void close() {
    open.values().forEach(RocksEngines::close);
    open.clear();
    TempDirs.delete(root);
  }
}
