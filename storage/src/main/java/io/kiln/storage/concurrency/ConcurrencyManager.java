package io.kiln.storage.concurrency;

import io.kiln.storage.mvcc.Lock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's view of timestamps and locks in flight (TiKV's {@code ConcurrencyManager}).
 *
 * <p>{@link #maxTs()} is at least every start_ts a reader has used on this store, so an async
 * commit or 1PC prewrite can pick a commit timestamp no reader has already read past.
 *
 * <p>The {@link MemoryLockTable} holds the locks of async-commit and 1PC prewrites between the
 * moment their min_commit_ts is computed from max_ts and the moment their writes are applied. A
 * reader first raises max_ts to its start_ts, then checks this table ({@link #readKeyCheck},
 * {@link #readRangeCheck}), then reads its snapshot: either the prewrite saw the raised max_ts
 * (and commits above the reader), or the reader sees its lock here or in the engine.
 */
public final class ConcurrencyManager {

  private final AtomicLong maxTs;
  private final MemoryLockTable lockTable = new MemoryLockTable();

  public ConcurrencyManager(long initialMaxTs) {
    this.maxTs = new AtomicLong(initialMaxTs);
  }

  public long maxTs() {
    return maxTs.get();
  }

  /** Raises {@link #maxTs()} to {@code ts} if it is lower. */
  public void updateMaxTs(long ts) {
    if (ts == Long.MAX_VALUE || ts < 0) {
      return; // "read the latest" is not a timestamp a commit could be placed after
    }
    maxTs.accumulateAndGet(ts, Math::max);
  }

  /** Takes the in-memory lock slot of encoded {@code key}; close the guard after the write. */
  public KeyHandleGuard lockKey(byte[] key) {
    return lockTable.lockKey(key);
  }

  /** Takes the slots of several keys, in key order (so two callers cannot deadlock). */
  public List<KeyHandleGuard> lockKeys(List<byte[]> keys) {
    List<byte[]> sorted = new ArrayList<>(keys);
    sorted.sort(Arrays::compareUnsigned);
    List<KeyHandleGuard> guards = new ArrayList<>(sorted.size());
    for (byte[] k : sorted) {
      guards.add(lockTable.lockKey(k));
    }
    return guards;
  }

  /** Runs {@code check} on the memory lock of encoded {@code key}, if any; its exception propagates. */
  public void readKeyCheck(byte[] key, MemoryLockCheck check) {
    lockTable.checkKey(key, check);
  }

  /** Runs {@code check} on every memory lock in {@code [start, end)} (null: unbounded). */
  public void readRangeCheck(byte[] start, byte[] end, MemoryLockCheck check) {
    lockTable.checkRange(start, end, check);
  }

  /** The memory lock of encoded {@code key}, or null (for tests and diagnostics). */
  public Lock memoryLock(byte[] key) {
    return lockTable.lockOf(key);
  }

  /** A check a reader runs on a memory lock; it throws to report a conflict. */
  @FunctionalInterface
  public interface MemoryLockCheck {
    void check(byte[] key, Lock lock);
  }
}
