package io.kiln.testkit.txn;

import com.google.protobuf.ByteString;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;
import io.kiln.raftstore.RaftStore;
import io.kiln.server.txn.TxnKv;
import io.kiln.testkit.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A Percolator client for in-process clusters (what a TiKV client does, reduced to one region):
 * snapshot reads at a start_ts that resolve the locks they meet (CheckTxnStatus on the primary,
 * then ResolveLock, or a pushed min_commit_ts and the lock ignored), and two-phase commit
 * (prewrite of every key with the first as primary, commit of the primary, the commit point, then
 * of the secondaries). Requests go to the store that leads the region, through the same
 * {@link TxnKv} the gRPC service uses; region errors and stopped stores are retried until the
 * operation's deadline.
 */
public final class TxnDriver {

  /** The transaction was not committed: a conflict, or it was rolled back by someone else. */
  public static final class TxnAbortedException extends RuntimeException {
    public TxnAbortedException(String message) {
      super(message);
    }
  }

  /** The outcome of a commit is unknown (the primary's commit got no answer before the deadline). */
  public static final class TxnUndeterminedException extends RuntimeException {
    public TxnUndeterminedException(String message) {
      super(message);
    }
  }

  private final Cluster cluster;
  private final TxnStores stores;
  private final Tso tso;
  private final Duration deadline;
  private final Random random;
  private final long lockTtlMs;

  public TxnDriver(Cluster cluster, TxnStores stores, Tso tso, Duration deadline, long lockTtlMs, Random random) {
    this.cluster = cluster;
    this.stores = stores;
    this.tso = tso;
    this.deadline = deadline;
    this.lockTtlMs = lockTtlMs;
    this.random = random;
  }

  public long begin() {
    return tso.next();
  }

  /** The value of {@code key} at {@code startTs}, or null. */
  public byte[] get(long startTs, ByteString key) {
    Map<ByteString, byte[]> m = batchGet(startTs, List.of(key));
    return m.get(key);
  }

  /** The values at {@code startTs} of those of {@code keys} that exist. */
  public Map<ByteString, byte[]> batchGet(long startTs, List<ByteString> keys) {
    long until = System.nanoTime() + deadline.toNanos();
    Set<Long> resolved = new HashSet<>();
    while (true) {
      Kvrpcpb.BatchGetResponse r = call((kv, ctx) -> kv.batchGet(Kvrpcpb.BatchGetRequest.newBuilder()
          .setContext(ctx.toBuilder().addAllResolvedLocks(resolved)).setVersion(startTs).addAllKeys(keys).build()),
          Kvrpcpb.BatchGetResponse::getRegionError, until);
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      for (Kvrpcpb.KvPair p : r.getPairsList()) {
        if (p.hasError()) {
          locks.add(lockOf(p.getError()));
        }
      }
      if (r.hasError()) {
        locks.add(lockOf(r.getError()));
      }
      if (locks.isEmpty()) {
        Map<ByteString, byte[]> out = new LinkedHashMap<>();
        r.getPairsList().forEach(p -> out.put(p.getKey(), p.getValue().toByteArray()));
        return out;
      }
      for (Kvrpcpb.LockInfo lock : locks) {
        if (resolve(lock, startTs, until)) {
          resolved.add(lock.getLockVersion());
        }
      }
    }
  }

  /**
   * Commits {@code writes} (a null value deletes) in one transaction started at {@code startTs};
   * returns the commit timestamp.
   *
   * @throws TxnAbortedException when the transaction did not commit (nothing of it is visible)
   * @throws TxnUndeterminedException when the primary's commit got no answer
   */
  public long commit(long startTs, Map<ByteString, byte[]> writes) {
    List<Kvrpcpb.Mutation> mutations = new ArrayList<>();
    writes.forEach((k, v) -> mutations.add(v == null
        ? Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Del).setKey(k).build()
        : Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(k).setValue(ByteString.copyFrom(v)).build()));
    ByteString primary = mutations.get(0).getKey();
    prewrite(startTs, primary, mutations);
    long commitTs = tso.next();
    commitPrimary(startTs, commitTs, primary);
    List<ByteString> secondaries = mutations.stream().map(Kvrpcpb.Mutation::getKey).filter(k -> !k.equals(primary))
        .toList();
    if (!secondaries.isEmpty()) {
      try {
        commitKeys(startTs, commitTs, secondaries);
      } catch (RuntimeException e) {
        // the primary is committed: readers that meet these locks will commit them
      }
    }
    return commitTs;
  }

  /** Phase one: locks every key of {@code mutations}, the primary included. */
  public void prewrite(long startTs, ByteString primary, List<Kvrpcpb.Mutation> mutations) {
    long until = System.nanoTime() + deadline.toNanos();
    while (true) {
      Kvrpcpb.PrewriteResponse r = call((kv, ctx) -> kv.prewrite(Kvrpcpb.PrewriteRequest.newBuilder()
          .setContext(ctx).addAllMutations(mutations).setPrimaryLock(primary).setStartVersion(startTs)
          .setLockTtl(lockTtlMs).setTxnSize(mutations.size()).build()),
          Kvrpcpb.PrewriteResponse::getRegionError, until);
      if (r.getErrorsCount() == 0) {
        return;
      }
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      for (Kvrpcpb.KeyError e : r.getErrorsList()) {
        if (!e.hasLocked()) {
          rollback(startTs, mutations.stream().map(Kvrpcpb.Mutation::getKey).toList());
          throw new TxnAbortedException("prewrite of txn " + startTs + " failed: " + e);
        }
        locks.add(e.getLocked());
      }
      for (Kvrpcpb.LockInfo lock : locks) {
        resolve(lock, 0, until);
      }
    }
  }

  /** Commits the primary: the commit point. */
  public void commitPrimary(long startTs, long commitTs, ByteString primary) {
    try {
      commitKeys(startTs, commitTs, List.of(primary));
    } catch (TxnAbortedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TxnUndeterminedException("commit of primary of txn " + startTs + " got no answer: " + e);
    }
  }

  /** Phase two for {@code keys}. */
  public void commitKeys(long startTs, long commitTs, List<ByteString> keys) {
    long until = System.nanoTime() + deadline.toNanos();
    Kvrpcpb.CommitResponse r = call((kv, ctx) -> kv.commit(Kvrpcpb.CommitRequest.newBuilder().setContext(ctx)
        .setStartVersion(startTs).setCommitVersion(commitTs).addAllKeys(keys).build()),
        Kvrpcpb.CommitResponse::getRegionError, until);
    if (r.hasError()) {
      throw new TxnAbortedException("commit of txn " + startTs + " at " + commitTs + " failed: " + r.getError());
    }
  }

  /** Rolls back {@code keys} of txn {@code startTs} (best effort). */
  public void rollback(long startTs, List<ByteString> keys) {
    long until = System.nanoTime() + deadline.toNanos();
    try {
      call((kv, ctx) -> kv.batchRollback(Kvrpcpb.BatchRollbackRequest.newBuilder().setContext(ctx)
          .setStartVersion(startTs).addAllKeys(keys).build()), Kvrpcpb.BatchRollbackResponse::getRegionError, until);
    } catch (RuntimeException e) {
      // the locks expire and are resolved by readers
    }
  }

  /**
   * Resolves a lock met by a reader at {@code callerStartTs} (0: by a writer): asks the primary
   * for the transaction's status; commits or rolls back the lock when the transaction is decided;
   * waits a little when the lock is alive.
   *
   * @return true when the primary's min_commit_ts was pushed past the reader: that reader may
   *     ignore the lock (its {@code resolved_locks}), the transaction will commit after it
   */
  boolean resolve(Kvrpcpb.LockInfo lock, long callerStartTs, long until) {
    Kvrpcpb.CheckTxnStatusResponse st = call((kv, ctx) -> kv.checkTxnStatus(Kvrpcpb.CheckTxnStatusRequest.newBuilder()
        .setContext(ctx).setPrimaryKey(lock.getPrimaryLock()).setLockTs(lock.getLockVersion())
        .setCallerStartTs(callerStartTs).setCurrentTs(tso.next()).setRollbackIfNotExist(true).build()),
        Kvrpcpb.CheckTxnStatusResponse::getRegionError, until);
    if (st.hasError()) {
      throw new TxnAbortedException("check txn status of " + lock.getLockVersion() + " failed: " + st.getError());
    }
    if (st.getLockTtl() > 0) {
      if (callerStartTs != 0 && st.getAction() == Kvrpcpb.Action.MinCommitTSPushed) {
        return true;
      }
      sleep(20 + random.nextInt(30), until);
      return false;
    }
    long commitTs = st.getCommitVersion();
    Kvrpcpb.ResolveLockResponse r = call((kv, ctx) -> kv.resolveLock(Kvrpcpb.ResolveLockRequest.newBuilder()
        .setContext(ctx).setStartVersion(lock.getLockVersion()).setCommitVersion(commitTs).build()),
        Kvrpcpb.ResolveLockResponse::getRegionError, until);
    if (r.hasError()) {
      throw new TxnAbortedException("resolve lock of " + lock.getLockVersion() + " failed: " + r.getError());
    }
    return false;
  }

  private static Kvrpcpb.LockInfo lockOf(Kvrpcpb.KeyError e) {
    if (!e.hasLocked()) {
      throw new TxnAbortedException("read failed: " + e);
    }
    return e.getLocked();
  }

  /**
   * Sends one request to the store that leads the first region, retrying region errors, stopped
   * stores and lost answers until {@code until}.
   */
  private <R> R call(BiFunction<TxnKv, Kvrpcpb.Context, CompletableFuture<R>> rpc,
      Function<R, Errorpb.Error> regionError, long until) {
    String last = "no store tried";
    int attempt = 0;
    while (System.nanoTime() < until) {
      long storeId = pickStore(attempt++);
      TxnKv kv = stores.txn(storeId).orElse(null);
      Kvrpcpb.Context ctx = kv == null ? null : contextAt(storeId);
      if (ctx == null) {
        last = "store " + storeId + " is not running or has no peer";
        sleep(Math.min(100, 5 << Math.min(attempt, 4)), until);
        continue;
      }
      try {
        R r = rpc.apply(kv, ctx).get(Math.max(1, (until - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        Errorpb.Error err = regionError.apply(r);
        if (err == null || err.equals(Errorpb.Error.getDefaultInstance())) {
          return r;
        }
        last = "store " + storeId + ": " + err.getMessage();
      } catch (java.util.concurrent.TimeoutException e) {
        last = "store " + storeId + " did not answer";
      } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
        last = "store " + storeId + ": " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      sleep(Math.min(100, 5 << Math.min(attempt, 4)), until);
    }
    throw new IllegalStateException("no answer before the deadline: " + last);
  }

  private long pickStore(int attempt) {
    List<Long> running = cluster.runningStores();
    if (running.isEmpty()) {
      return cluster.storeIds().get(0);
    }
    if (attempt < 3) {
      List<Long> leaders = cluster.leadersOf(Cluster.FIRST_REGION_ID, running);
      if (leaders.size() == 1) {
        return leaders.get(0);
      }
    }
    return running.get(random.nextInt(running.size()));
  }

  private Kvrpcpb.Context contextAt(long storeId) {
    try {
      RaftStore s = cluster.store(storeId);
      Metapb.Region region = s.region(Cluster.FIRST_REGION_ID).orElse(null);
      Metapb.Peer peer = s.peer(Cluster.FIRST_REGION_ID).orElse(null);
      if (region == null || peer == null) {
        return null;
      }
      return Kvrpcpb.Context.newBuilder().setRegionId(region.getId()).setRegionEpoch(region.getRegionEpoch())
          .setPeer(peer).build();
    } catch (IllegalStateException stopped) {
      return null;
    }
  }

  private static void sleep(long ms, long until) {
    long left = (until - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      return;
    }
    try {
      Thread.sleep(Math.min(ms, left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
