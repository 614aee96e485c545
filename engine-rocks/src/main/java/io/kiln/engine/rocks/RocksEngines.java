package io.kiln.engine.rocks;

import io.kiln.engine.Cf;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.RaftEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * A store's two engines under its data directory, as TiKV lays them out: {@code <dir>/db} is the
 * kv engine (column families default, lock, write, raft) and {@code <dir>/raft} the raft engine (a
 * RocksDB with column family default, behind {@link KvRaftEngine}). Both share one
 * {@link BlockCache}. Closing closes the raft engine, the kv engine, then the cache.
 */
public final class RocksEngines implements AutoCloseable {

  /** Directory of the kv engine under the data directory. */
  public static final String KV_DIR = "db";
  /** Directory of the raft engine under the data directory. */
  public static final String RAFT_DIR = "raft";

  private final BlockCache cache;
  private final RocksKvEngine kv;
  private final KvRaftEngine raft;

  private RocksEngines(BlockCache cache, RocksKvEngine kv, KvRaftEngine raft) {
    this.cache = cache;
    this.kv = kv;
    this.raft = raft;
  }

  /** Opens (creating if missing) both engines of the store whose data lives in {@code dataDir}. */
  public static RocksEngines open(Path dataDir, RocksEngineOptions options) {
    BlockCache cache = BlockCache.lru(options.blockCacheSize());
    RocksKvEngine kv = null;
    try {
      kv = RocksKvEngine.open(dataDir.resolve(KV_DIR), Cf.ALL, options, cache);
      RocksKvEngine raftDb =
          RocksKvEngine.open(dataDir.resolve(RAFT_DIR), List.of(Cf.DEFAULT), options, cache);
      return new RocksEngines(cache, kv, new KvRaftEngine(raftDb));
    } catch (RuntimeException e) {
      if (kv != null) {
        try {
          kv.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      cache.close();
      throw e;
    }
  }

  /** The kv engine ({@code <dir>/db}). */
  public KvEngine kv() {
    return kv;
  }

  /** The raft engine ({@code <dir>/raft}). */
  public RaftEngine raft() {
    return raft;
  }

  /** The block cache both engines share. */
  public BlockCache blockCache() {
    return cache;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable c : List.<AutoCloseable>of(raft, kv, cache)) {
      try {
        c.close();
      } catch (Exception e) {
        RuntimeException re = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        if (failure == null) {
          failure = re;
        } else {
          failure.addSuppressed(re);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
