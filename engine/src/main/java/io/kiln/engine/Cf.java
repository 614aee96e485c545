package io.kiln.engine;

import java.util.List;

/**
 * The column families of a kv engine, named as TiKV names them. Data keys (prefix {@code z}) live
 * in {@link #DEFAULT}, {@link #LOCK} and {@link #WRITE}; region metadata (RaftApplyState,
 * RegionLocalState, prefix 0x01) lives in {@link #RAFT}.
 */
public final class Cf {

  private Cf() {}

  /** Values: raw KV values, and transaction values too large to inline in a write record. */
  public static final String DEFAULT = "default";
  /** Percolator locks: key -> Lock. */
  public static final String LOCK = "lock";
  /** Commit records: key + commit_ts -> Write. */
  public static final String WRITE = "write";
  /** Per-region local state written by apply (apply state, region state). */
  public static final String RAFT = "raft";

  /** Every column family of a kv engine, in creation order. */
  public static final List<String> ALL = List.of(DEFAULT, LOCK, WRITE, RAFT);
  /** The column families that hold user data (copied by a region snapshot, cleared by a destroy). */
  public static final List<String> DATA = List.of(DEFAULT, LOCK, WRITE);

  /** Fails with a clear message when {@code cf} is not one of {@link #ALL}. */
  public static String check(String cf) {
    if (!ALL.contains(cf)) {
      throw new EngineException("unknown column family '" + cf + "' (known: " + ALL + ")");
    }
    return cf;
  }
}
