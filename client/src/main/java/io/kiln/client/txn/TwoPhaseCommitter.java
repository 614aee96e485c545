package io.kiln.client.txn;

import com.google.protobuf.ByteString;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.error.BackoffExhaustedException;
import io.kiln.client.error.CommitUndeterminedException;
import io.kiln.client.error.KilnClientException;
import io.kiln.client.pd.Timestamps;
import io.kiln.client.rpc.RegionBatches;
import io.kiln.proto.Kvrpcpb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Percolator's two-phase commit of one transaction's buffered mutations, as TiKV's clients do
 * it:
 * <ol>
 *   <li>prewrite: {@code KvPrewrite} per region, the primary's batch first, with the primary key,
 *       start_ts, lock TTL (ms since start_ts plus the configured TTL) and txn_size; locks of
 *       other transactions met on the way are resolved; a write conflict or any other key error
 *       rolls every key back ({@code KvBatchRollback}) and fails the commit;</li>
 *   <li>a commit_ts from PD;</li>
 *   <li>{@code KvCommit} of the primary alone: the commit point. CommitTsExpired is retried with
 *       a new commit_ts at or above the store's min_commit_ts; no answer at all leaves the outcome
 *       undetermined ({@link CommitUndeterminedException});</li>
 *   <li>{@code KvCommit} of the secondaries per region, in the background and best effort (a
 *       reader that meets a leftover lock commits it from the primary's status).</li>
 * </ol>
 * The primary lock is kept alive by a {@link TtlKeeper} while the commit runs.
 */
final class TwoPhaseCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(TwoPhaseCommitter.class);

  private final TxnClient client;
  private final long startTs;
  private final Map<ByteString, Kvrpcpb.Mutation> mutations;
  private CompletableFuture<Void> secondaries = CompletableFuture.completedFuture(null);

  TwoPhaseCommitter(TxnClient client, long startTs, Map<ByteString, Kvrpcpb.Mutation> mutations) {
    this.client = client;
    this.startTs = startTs;
    this.mutations = mutations;
  }

  /** Commits; returns the commit_ts. */
  long commit() {
    List<byte[]> keys = new ArrayList<>();
    mutations.keySet().forEach(k -> keys.add(k.toByteArray()));
    CommitPlan plan = CommitPlan.of(client.sender(), keys, client.maxBatch());
    TtlKeeper keeper = null;
    try {
      try {
        prewrite(plan.primary(), plan.primaryBatch(), keys.size());
        keeper = client.startTtlKeeper(plan.primary(), startTs);
        prewrite(plan.primary(), plan.others(), keys.size());
      } catch (KilnClientException e) {
        rollbackQuietly(keys);
        throw e;
      }
      long commitTs = commitPrimary(plan.primary());
      List<byte[]> rest = plan.secondaries();
      if (!rest.isEmpty()) {
        try {
          secondaries = CompletableFuture.runAsync(() -> commitSecondaries(rest, commitTs), client.executor());
        } catch (RejectedExecutionException closed) {
          // the client is closing: the transaction is committed, readers resolve the leftover locks
          LOG.debug("txn {}: secondaries left to lock resolution (client closing)", startTs);
        }
      }
      return commitTs;
    } finally {
      if (keeper != null) {
        keeper.close();
      }
    }
  }

  /** Done when the background commit of the secondaries has ended (successfully or not). */
  CompletableFuture<Void> secondaries() {
    return secondaries;
  }

  private void prewrite(byte[] primary, List<byte[]> keys, int txnSize) {
    Backoffer bo = client.backoffs().start("KvPrewrite", client.timeoutMs());
    ByteString primaryKey = ByteString.copyFrom(primary);
    List<byte[]> todo = keys;
    while (!todo.isEmpty()) {
      List<byte[]> again = new ArrayList<>();
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      long lockTtl = client.lockTtlMs() + Math.max(0, client.wallClockMs() - Timestamps.physical(startTs));
      RegionBatches.send(client.sender(), bo, todo, client.maxBatch(),
          ks -> (stub, ctx) -> {
            Kvrpcpb.PrewriteRequest.Builder b = Kvrpcpb.PrewriteRequest.newBuilder().setContext(ctx)
                .setPrimaryLock(primaryKey).setStartVersion(startTs).setLockTtl(lockTtl).setTxnSize(txnSize)
                // as client-go does: a reader that meets these locks may push the commit past itself
                // (KvCheckTxnStatus) instead of waiting; the commit then retries with a later ts
                .setMinCommitTs(startTs + 1);
            for (byte[] k : ks) {
              b.addMutations(mutations.get(ByteString.copyFrom(k)));
            }
            return stub.kvPrewrite(b.build());
          },
          (batch, r) -> {
            boolean batchLocked = false;
            for (Kvrpcpb.KeyError e : r.getErrorsList()) {
              if (!e.hasLocked()) {
                throw KeyErrors.toException("KvPrewrite", startTs, e);
              }
              locks.add(e.getLocked());
              batchLocked = true;
            }
            if (batchLocked) {
              again.addAll(batch.keys());
            }
          });
      // a writer waits for another transaction's lock to go (0: nothing to push)
      if (!locks.isEmpty() && !client.lockResolver().resolve(bo, locks, 0)) {
        LockResolver.waitForLock(bo, locks.get(0));
      }
      todo = again;
    }
  }

  private long commitPrimary(byte[] primary) {
    Backoffer bo = client.backoffs().start("KvCommit(primary)", client.timeoutMs());
    long commitTs = client.timestamp();
    while (true) {
      long ts = commitTs;
      Kvrpcpb.CommitResponse r;
      try {
        r = client.sender().sendToKey(bo, primary, (stub, ctx) -> stub.kvCommit(Kvrpcpb.CommitRequest.newBuilder()
            .setContext(ctx).setStartVersion(startTs).setCommitVersion(ts).addKeys(ByteString.copyFrom(primary))
            .build()));
      } catch (BackoffExhaustedException e) {
        throw new CommitUndeterminedException("txn " + startTs + ": no answer to the commit of its primary at "
            + ts + ": " + e.lastError(), e);
      }
      if (!r.hasError()) {
        return ts;
      }
      if (r.getError().hasCommitTsExpired()) {
        long min = r.getError().getCommitTsExpired().getMinCommitTs();
        commitTs = client.timestamp();
        while (commitTs < min) {
          commitTs = client.timestamp();
        }
        continue;
      }
      KilnClientException failure = KeyErrors.toException("KvCommit(primary)", startTs, r.getError());
      rollbackQuietly(mutations.keySet().stream().map(ByteString::toByteArray).toList());
      throw failure;
    }
  }

  private void commitSecondaries(List<byte[]> keys, long commitTs) {
    try {
      Backoffer bo = client.backoffs().start("KvCommit(secondaries)", client.timeoutMs());
      RegionBatches.send(client.sender(), bo, keys, client.maxBatch(),
          ks -> (stub, ctx) -> stub.kvCommit(Kvrpcpb.CommitRequest.newBuilder().setContext(ctx)
              .setStartVersion(startTs).setCommitVersion(commitTs)
              .addAllKeys(ks.stream().map(ByteString::copyFrom).toList()).build()),
          (batch, r) -> {
            if (r.hasError()) {
              LOG.debug("txn {}: secondary commit error (left to lock resolution): {}", startTs, r.getError());
            }
          });
    } catch (RuntimeException e) {
      LOG.debug("txn {}: secondary commit failed (left to lock resolution): {}", startTs, e.toString());
    }
  }

  private void rollbackQuietly(List<byte[]> keys) {
    try {
      Backoffer bo = client.backoffs().start("KvBatchRollback", client.timeoutMs());
      RegionBatches.send(client.sender(), bo, keys, client.maxBatch(),
          ks -> (stub, ctx) -> stub.kvBatchRollback(Kvrpcpb.BatchRollbackRequest.newBuilder().setContext(ctx)
              .setStartVersion(startTs).addAllKeys(ks.stream().map(ByteString::copyFrom).toList()).build()),
          (batch, r) -> {
            if (r.hasError()) {
              LOG.debug("txn {}: rollback error: {}", startTs, r.getError());
            }
          });
    } catch (RuntimeException e) {
      LOG.debug("txn {}: rollback failed (its locks expire by TTL): {}", startTs, e.toString());
    }
  }
}
