package io.kiln.testkit;

import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;

/**
 * One store's two engines as an {@link EngineFactory} opened them. {@link #close()} is what a
 * stopping store does to its engines: RocksDB closes (the files stay for the next open); in-memory
 * engines stay as they are, since closing them would lose their contents.
 */
public final class StoreEngines implements AutoCloseable {

  private final KvEngine kv;
  private final RaftEngine raft;
  private final Runnable closer;

  public StoreEngines(KvEngine kv, RaftEngine raft, Runnable closer) {
    this.kv = kv;
    this.raft = raft;
    this.closer = closer;
  }

  public KvEngine kv() {
    return kv;
  }

  public RaftEngine raft() {
    return raft;
  }

  @Override
  public void close() {
    closer.run();
  }
}
