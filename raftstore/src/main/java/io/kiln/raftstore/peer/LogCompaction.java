package io.kiln.raftstore.peer;

import io.kiln.raft.Status;
import io.kiln.raft.tracker.Progress;
import io.kiln.raftstore.RaftStoreConfig;

/**
 * When a leader compacts its raft log, and up to where (TiKV's {@code on_raft_gc_log_tick}):
 * normally up to the index every follower has (so nobody needs a snapshot), once at least
 * {@code raft-log-gc-threshold} entries could go; but when the log passes {@code
 * raft-log-gc-count-limit} entries or {@code raft-log-gc-size-limit} bytes, up to the applied
 * index, even if a slow follower then needs a snapshot: a lagging peer must not make the log
 * grow without bound.
 */
final class LogCompaction {

  private LogCompaction() {}

  /**
   * The index to compact to, or 0 for "not now".
   *
   * @param firstIndex the first entry still in the log
   * @param lastIndex the last entry
   * @param applied the leader's applied index (never compact past what is applied)
   * @param logBytes an estimate of the bytes in {@code [firstIndex, lastIndex]}
   */
  static long compactIndex(RaftStoreConfig cfg, Status status, long firstIndex, long lastIndex,
      long applied, long logBytes) {
    if (lastIndex < firstIndex || applied < firstIndex) {
      return 0;
    }
    long replicated = Long.MAX_VALUE;
    for (Progress p : status.progress().values()) {
      replicated = Math.min(replicated, p.match());
    }
    if (replicated == Long.MAX_VALUE) {
      return 0; // not the leader
    }
    long count = applied - firstIndex + 1;
    boolean force = count >= cfg.raftLogGcCountLimit() || logBytes >= cfg.raftLogGcSizeLimit();
    long idx;
    if (force) {
      idx = applied;
    } else if (replicated >= firstIndex && replicated - firstIndex + 1 >= cfg.raftLogGcThreshold()) {
      idx = Math.min(replicated, applied);
    } else {
      return 0;
    }
    return idx >= firstIndex ? idx : 0;
  }
}
