package io.kiln.testkit;

import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import java.nio.file.Path;

/**
 * One store's two engines as an {@link EngineFactory} opened them, and the folder for its region
 * snapshot files. {@link #close()} is what a
 * stopping store does to its engines: RocksDB closes (the files stay for the next open); in-memory
 * engines stay as they are, since closing them would lose their contents.
 */
public final class StoreEngines implements AutoCloseable {

  private final KvEngine kv;
  private final RaftEngine raft;
  private final Path snapDir;
  private final Runnable closer;

  public StoreEngines(KvEngine kv, RaftEngine raft, Path snapDir, Runnable closer) {
    this.kv = kv;
    this.raft = raft;
    this.snapDir = snapDir;
    this.closer = closer;
  }

  /** Where the store keeps region snapshot files (kept across restarts, deleted with the cluster). */
  public Path snapDir() {
    return snapDir;
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
