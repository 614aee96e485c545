package io.kiln.testkit;

import io.kiln.engine.Cf;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.MemoryKvEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each store gets a {@link MemoryKvEngine} and a {@link KvRaftEngine} over another one, kept for
 * the factory's whole life: a stopped store's engines stay open, and reopening returns the same
 * objects with all their data. Snapshot files go to a temporary folder deleted by {@link #close()}.
 */
final class MemoryEngineFactory implements EngineFactory {

  private final Map<Long, StoreEngines> engines = new ConcurrentHashMap<>();
  private final Path snapRoot = TempDirs.create("kiln-cluster-snap-");

  @Override
  public StoreEngines open(long storeId) {
    return engines.computeIfAbsent(storeId, id -> new StoreEngines(new MemoryKvEngine(),
        new KvRaftEngine(new MemoryKvEngine(List.of(Cf.DEFAULT))), snapRoot.resolve("store-" + id), () -> { }));
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void close() {
    for (StoreEngines e : engines.values()) {
      e.raft().close();
      e.kv().close();
    }
    engines.clear();
    TempDirs.delete(snapRoot);
  }
}
