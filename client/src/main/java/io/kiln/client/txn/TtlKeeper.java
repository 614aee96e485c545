package io.kiln.client.txn;

import com.google.protobuf.ByteString;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.error.KilnClientException;
import io.kiln.client.pd.Timestamps;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.proto.Kvrpcpb;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a committing transaction's primary lock alive: every {@code intervalMs} it sends
 * {@code KvTxnHeartBeat} advising a TTL of (time since start_ts + lock TTL), so that other
 * transactions do not roll back a slow but live commit. Started after the primary's prewrite,
 * stopped when the commit or rollback ends, or at the first failed heartbeat.
 */
final class TtlKeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TtlKeeper.class);

  private final ScheduledFuture<?> task;
  private volatile long lastAdvisedTtl;

  TtlKeeper(ScheduledExecutorService scheduler, RegionRequestSender sender, Backoffs backoffs, byte[] primary,
      long startTs, long lockTtlMs, long intervalMs, LongSupplier wallClockMs) {
    ByteString primaryKey = ByteString.copyFrom(primary);
    this.task = scheduler.scheduleWithFixedDelay(() -> {
      long advise = wallClockMs.getAsLong() - Timestamps.physical(startTs) + lockTtlMs;
      try {
        Kvrpcpb.TxnHeartBeatResponse r = sender.sendToKey(backoffs.start("KvTxnHeartBeat", lockTtlMs), primary,
            (stub, ctx) -> stub.kvTxnHeartBeat(Kvrpcpb.TxnHeartBeatRequest.newBuilder().setContext(ctx)
                .setPrimaryLock(primaryKey).setStartVersion(startTs).setAdviseLockTtl(advise).build()));
        if (r.hasError()) {
          LOG.debug("txn {} heartbeat stopped: {}", startTs, r.getError());
          throw new KilnClientException("heartbeat: " + r.getError());
        }
        lastAdvisedTtl = r.getLockTtl();
      } catch (RuntimeException e) {
        LOG.debug("txn {} heartbeat failed: {}", startTs, e.toString());
        throw e; // ends the periodic task
      }
    }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** The TTL the primary's store last reported (0 before the first heartbeat). */
  long lastTtl() {
    return lastAdvisedTtl;
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
