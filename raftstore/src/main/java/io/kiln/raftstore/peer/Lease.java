package io.kiln.raftstore.peer;

/**
 * The leader lease of a peer (TiKV's {@code Lease}): after a quorum acknowledged something the
 * leader sent at time {@code t}, no other leader can be elected before {@code t + election
 * timeout} (followers with CheckQuorum refuse votes while they hear from a leader), so until
 * {@code t + maxLease}, with {@code maxLease} below the election timeout, the leader may read
 * locally. Times are monotonic nanoseconds from the store's clock. Not thread-safe: the peer's
 * poller owns it.
 */
final class Lease {

  private final long maxLeaseNanos;
  /** Reads are local only while now < bound; 0 when expired. */
  private long bound;

  Lease(long maxLeaseNanos) {
    this.maxLeaseNanos = maxLeaseNanos;
  }

  /** A quorum acknowledged what was sent at {@code sentNanos}. */
  void renew(long sentNanos) {
    bound = Math.max(bound, sentNanos + maxLeaseNanos);
  }

  /** Leadership changed or is being handed over: no local reads until renewed. */
  void expire() {
    bound = 0;
  }

  boolean valid(long nowNanos) {
    return bound != 0 && nowNanos < bound;
  }
}
