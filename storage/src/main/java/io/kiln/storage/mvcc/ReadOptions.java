package io.kiln.storage.mvcc;

import io.kiln.proto.Kvrpcpb;
import java.util.Set;

/**
 * How a transactional read looks at the data: at {@code ts}, under snapshot isolation (locks of
 * other transactions at or below ts block) or read committed (locks are ignored);
 * {@code bypassLocks} are the start timestamps the client already resolved as rolled back
 * ({@code Context.resolved_locks}), {@code accessLocks} those it knows committed
 * ({@code Context.committed_locks}), whose locked values may be read directly.
 */
public record ReadOptions(long ts, Kvrpcpb.IsolationLevel isolation, Set<Long> bypassLocks,
    Set<Long> accessLocks) {

  /** u64::MAX, "the latest", as clients send it, mapped into Java's signed range. */
  public static final long MAX_TS = Long.MAX_VALUE;

  public ReadOptions {
    bypassLocks = Set.copyOf(bypassLocks);
    accessLocks = Set.copyOf(accessLocks);
  }

  /** The options of a request with {@code ctx} reading at {@code ts}. */
  public static ReadOptions of(Kvrpcpb.Context ctx, long ts) {
    return new ReadOptions(normalizeTs(ts), ctx.getIsolationLevel(),
        Set.copyOf(ctx.getResolvedLocksList()), Set.copyOf(ctx.getCommittedLocksList()));
  }

  public static ReadOptions snapshotIsolation(long ts) {
    return new ReadOptions(normalizeTs(ts), Kvrpcpb.IsolationLevel.SI, Set.of(), Set.of());
  }

  /** Timestamps above {@link #MAX_TS} (u64::MAX from a client) read the latest. */
  public static long normalizeTs(long ts) {
    return ts < 0 ? MAX_TS : ts;
  }
}
