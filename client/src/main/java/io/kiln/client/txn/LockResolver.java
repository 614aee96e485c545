package io.kiln.client.txn;

import com.google.protobuf.ByteString;
import io.kiln.client.backoff.BackoffKind;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.error.BackoffExhaustedException;
import io.kiln.client.error.KeyLockedException;
import io.kiln.client.error.ServerErrorException;
import io.kiln.client.pd.PdClient;
import io.kiln.client.pd.Timestamps;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.proto.Kvrpcpb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the locks a read or a prewrite meets, as client-go's LockResolver does for
 * two-phase-commit locks: ask the primary's region ({@code KvCheckTxnStatus} with the caller's
 * start_ts and a current timestamp) what became of the owner; a committed owner's lock is
 * committed ({@code KvResolveLock} with its commit_ts), a rolled-back owner's lock removed
 * ({@code KvResolveLock} with commit_ts 0); while the owner is alive the caller backs off, unless
 * the check pushed the owner's min_commit_ts past the reader, who then reads on at once. The
 * owner is asked to roll back a missing primary only once the lock's TTL has expired. Finished
 * owners are remembered, so many locks of one transaction cost one check.
 */
public final class LockResolver {

  private final PdClient pd;
  private final RegionRequestSender sender;
  private final Map<Long, LockStatus> finished = new ConcurrentHashMap<>();

  public LockResolver(PdClient pd, RegionRequestSender sender) {
    this.pd = pd;
    this.sender = sender;
  }

  /**
   * Resolves {@code locks} for a reader at {@code callerStartTs} (0 for a writer, which must wait
   * for the lock to go); true when the caller may retry at once: every lock is gone, or (for a
   * reader) its owner's min_commit_ts now lies past the reader, so the store lets the read through
   * (TiKV reads past a lock whose min_commit_ts is above the read's timestamp). False when some
   * owner is alive (the caller should {@link #waitForLock back off} and retry).
   */
  public boolean resolve(Backoffer backoffer, List<Kvrpcpb.LockInfo> locks, long callerStartTs) {
    boolean allGone = true;
    for (Kvrpcpb.LockInfo lock : locks) {
      LockStatus status = status(backoffer, lock, callerStartTs);
      if (status instanceof LockStatus.Alive alive) {
        if (!(alive.minCommitTsPushed() && callerStartTs > 0)) {
          allGone = false;
        }
      } else if (status instanceof LockStatus.Committed c) {
        resolveLock(backoffer, lock, c.commitTs());
      } else {
        resolveLock(backoffer, lock, 0);
      }
    }
    return allGone;
  }

  /**
   * Backs off while {@code lock}'s owner is alive.
   *
   * @throws KeyLockedException when the deadline passes first
   */
  public static void waitForLock(Backoffer backoffer, Kvrpcpb.LockInfo lock) {
    try {
      backoffer.backoff(BackoffKind.TXN_LOCK, "key is locked by txn " + lock.getLockVersion()
          + " (primary " + lock.getPrimaryLock().toStringUtf8() + ", ttl " + lock.getLockTtl() + " ms)", null);
    } catch (BackoffExhaustedException e) {
      throw new KeyLockedException(backoffer.operation(), lock.getLockVersion(), e.lastError());
    }
  }

  /** The owner's status: from the memory of finished owners, else from the primary's region. */
  LockStatus status(Backoffer backoffer, Kvrpcpb.LockInfo lock, long callerStartTs) {
    LockStatus known = finished.get(lock.getLockVersion());
    if (known != null) {
      return known;
    }
    long currentTs = TxnClient.await(pd.getTimestamp());
    boolean expired = ttlExpired(lock, currentTs);
    Kvrpcpb.CheckTxnStatusResponse r = sender.sendToKey(backoffer, lock.getPrimaryLock().toByteArray(),
        (stub, ctx) -> stub.kvCheckTxnStatus(Kvrpcpb.CheckTxnStatusRequest.newBuilder().setContext(ctx)
            .setPrimaryKey(lock.getPrimaryLock()).setLockTs(lock.getLockVersion())
            .setCallerStartTs(callerStartTs).setCurrentTs(currentTs).setRollbackIfNotExist(expired).build()));
    LockStatus status = decide(r);
    if (!(status instanceof LockStatus.Alive)) {
      finished.put(lock.getLockVersion(), status);
    }
    return status;
  }

  /**
   * Reads a {@code KvCheckTxnStatus} answer: a commit_version means committed; a lock_ttl means
   * the primary lock is alive; neither means rolled back. TxnNotFound (the primary's lock is not
   * there yet and was not rolled back, because its TTL has not expired) counts as alive: the
   * prewrite may still be on its way.
   *
   * @throws ServerErrorException for any other key error
   */
  static LockStatus decide(Kvrpcpb.CheckTxnStatusResponse r) {
    if (r.hasError()) {
      if (r.getError().hasTxnNotFound()) {
        return new LockStatus.Alive(0, false);
      }
      throw new ServerErrorException("KvCheckTxnStatus: " + r.getError());
    }
    if (r.getCommitVersion() > 0) {
      return new LockStatus.Committed(r.getCommitVersion());
    }
    if (r.getLockTtl() > 0) {
      return new LockStatus.Alive(r.getLockTtl(), r.getAction() == Kvrpcpb.Action.MinCommitTSPushed);
    }
    return new LockStatus.RolledBack();
  }

  /** True when the lock's TTL (milliseconds from its start_ts) has passed at {@code currentTs}. */
  static boolean ttlExpired(Kvrpcpb.LockInfo lock, long currentTs) {
    long ageMs = Timestamps.physical(currentTs) - Timestamps.physical(lock.getLockVersion());
    return ageMs >= lock.getLockTtl();
  }

  private void resolveLock(Backoffer backoffer, Kvrpcpb.LockInfo lock, long commitTs) {
    Kvrpcpb.ResolveLockResponse r = sender.sendToKey(backoffer, lock.getKey().toByteArray(),
        (stub, ctx) -> stub.kvResolveLock(Kvrpcpb.ResolveLockRequest.newBuilder().setContext(ctx)
            .setStartVersion(lock.getLockVersion()).setCommitVersion(commitTs)
            .addKeys(ByteString.copyFrom(lock.getKey().toByteArray())).build()));
    if (r.hasError()) {
      throw new ServerErrorException("KvResolveLock: " + r.getError());
    }
  }
}
