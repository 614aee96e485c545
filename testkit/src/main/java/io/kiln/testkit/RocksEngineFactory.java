package io.kiln.testkit;

import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Each store keeps its engines in {@code <root>/store-<id>} ({@link RocksEngines}: {@code db} and
 * {@code raft} below it), opened with {@link RocksEngineOptions#small()}. A stopped store's
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
    try {
      return new RocksEngineFactory(Files.createTempDirectory("kiln-cluster-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for the cluster", e);
    }
  }

  @Override
  public StoreEngines open(long storeId) {
    if (open.containsKey(storeId)) {
      throw new IllegalStateException("the engines of store " + storeId + " are already open");
    }
    RocksEngines engines = RocksEngines.open(root.resolve("store-" + storeId), RocksEngineOptions.small());
    open.put(storeId, engines);
    return new StoreEngines(engines.kv(), engines.raft(), () -> {
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
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
