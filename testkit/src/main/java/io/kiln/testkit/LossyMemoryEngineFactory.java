package io.kiln.testkit;

import io.kiln.engine.Cf;
import io.kiln.engine.KvRaftEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory engines that lose unsynced writes when their store stops ({@link LossyKvEngine}): a
 * stop is a power cut, and the store restarts from what it had synced. The raft engine is a
 * {@link KvRaftEngine} over a lossy engine too. Snapshot files are real files in a temporary
 * folder (they survive a stop, as files synced before use would).
 */
public final class LossyMemoryEngineFactory implements EngineFactory {

  private record Pair(LossyKvEngine kv, LossyKvEngine raftDb, KvRaftEngine raft) {}

  private final Map<Long, Pair> engines = new ConcurrentHashMap<>();
  private final AtomicLong lost = new AtomicLong();
  private final Path snapRoot = TempDirs.create("kiln-cluster-snap-");

  @Override
  public StoreEngines open(long storeId) {
    Pair p = engines.computeIfAbsent(storeId, id -> {
      LossyKvEngine raftDb = new LossyKvEngine(List.of(Cf.DEFAULT));
      return new Pair(new LossyKvEngine(Cf.ALL), raftDb, new KvRaftEngine(raftDb));
    });
    return new StoreEngines(p.kv(), p.raft(), snapRoot.resolve("store-" + storeId), () -> {
      lost.addAndGet(p.kv().crash());
      lost.addAndGet(p.raftDb().crash());
    });
  }

  @Override
  public String name() {
    return "memory-losing-unsynced-writes";
  }

  /** Unsynced batches lost by every store's stops so far. */
  public long lostBatches() {
    return lost.get();
  }

  @Override
  public void close() {
    for (Pair p : engines.values()) {
      p.raft().close();
      p.kv().close();
    }
    engines.clear();
    TempDirs.delete(snapRoot);
  }
}
