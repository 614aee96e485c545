package io.kiln.raft.tracker;

/**
 * The sliding window of append messages sent to one follower and not yet acknowledged, bounded by
 * a message count and (if non-zero) a byte count. Each slot holds the last index of one message.
 * A ring buffer: adding and freeing never allocate once the buffer has grown to {@code capacity}.
 */
public final class Inflights {

  private final int capacity;
  private final long maxBytes;
  private int start;
  private int count;
  private long bytes;
  private long[] indexes = new long[0];
  private long[] sizes = new long[0];

  /** @param capacity most messages in flight; @param maxBytes most bytes in flight, 0 = no limit */
  public Inflights(int capacity, long maxBytes) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("inflight capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** A fresh window with the same limits. */
  public Inflights cloneEmpty() {
    return new Inflights(capacity, maxBytes);
  }

  /** Records a message whose last entry is {@code index} and whose entries weigh {@code size} bytes. */
  public void add(long index, long size) {
    if (full()) {
      throw new IllegalStateException("cannot add into a full inflights window");
    }
    int next = start + count;
    if (next >= capacity) {
      next -= capacity;
    }
    if (next >= indexes.length) {
      grow();
    }
    indexes[next] = index;
    sizes[next] = size;
    count++;
    bytes += size;
  }

  private void grow() {
    int newSize = Math.min(capacity, Math.max(1, indexes.length * 2));
    long[] ni = new long[newSize];
    long[] ns = new long[newSize];
    System.arraycopy(indexes, 0, ni, 0, indexes.length);
    System.arraycopy(sizes, 0, ns, 0, sizes.length);
    indexes = ni;
    sizes = ns;
  }

  /** Frees every message whose last index is at most {@code to} (they were acknowledged). */
  public void freeLE(long to) {
    if (count == 0 || to < indexes[start]) {
      return;
    }
    int idx = start;
    int i;
    long freedBytes = 0;
    for (i = 0; i < count; i++) {
      if (to < indexes[idx]) {
        break;
      }
      freedBytes += sizes[idx];
      idx++;
      if (idx >= capacity) {
        idx -= capacity;
      }
    }
    count -= i;
    bytes -= freedBytes;
    start = idx;
    if (count == 0) {
      start = 0; // keep the buffer compact when it empties
    }
  }

  /** Frees the oldest message (used when a heartbeat response shows the follower is alive). */
  public void freeFirstOne() {
    if (count > 0) {
      freeLE(indexes[start]);
    }
  }

  public boolean full() {
    return count == capacity || (maxBytes != 0 && bytes >= maxBytes);
  }

  public int count() {
    return count;
  }

  public long bytes() {
    return bytes;
  }

  public void reset() {
    start = 0;
    count = 0;
    bytes = 0;
  }
}
