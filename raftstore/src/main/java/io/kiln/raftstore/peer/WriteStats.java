package io.kiln.raftstore.peer;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the raft engine writes of a store: how well group commit batches. */
public final class WriteStats {

  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong syncs = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  void onWrite(long size, boolean sync) {
    writes.incrementAndGet();
    bytes.addAndGet(size);
    if (sync) {
      syncs.incrementAndGet();
    }
  }

  /** Raft engine write batches written. */
  public long writes() {
    return writes.get();
  }

  /** Of those, the ones written with an fsync. */
  public long syncs() {
    return syncs.get();
  }

  public long bytes() {
    return bytes.get();
  }
}
