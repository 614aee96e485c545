package io.kiln.client.txn;

import io.kiln.client.backoff.Backoffs;
import io.kiln.client.error.KilnClientException;
import io.kiln.client.pd.PdClient;
import io.kiln.client.rpc.RegionRequestSender;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The transactional API: {@link #begin()} takes a start_ts from PD and opens a
 * {@link Transaction}; {@link #snapshot(long)} reads at any timestamp. Keys are memcomparable-
 * encoded for region look-ups (the region cache of this client is in {@code TXN} mode).
 */
public final class TxnClient {

  /** Lock TTL of a fresh transaction, as client-go's default (3 s, from start_ts). */
  public static final long DEFAULT_LOCK_TTL_MS = 3_000;

  private final PdClient pd;
  private final RegionRequestSender sender;
  private final Backoffs backoffs;
  private final long timeoutMs;
  private final int maxBatch;
  private final ScheduledExecutorService executor;
  private final LockResolver lockResolver;
  private final long lockTtlMs;
  private final long heartbeatIntervalMs;

  public TxnClient(PdClient pd, RegionRequestSender sender, Backoffs backoffs, long timeoutMs, int maxBatch,
      ScheduledExecutorService executor) {
    this(pd, sender, backoffs, timeoutMs, maxBatch, executor, DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_TTL_MS / 2);
  }

  public TxnClient(PdClient pd, RegionRequestSender sender, Backoffs backoffs, long timeoutMs, int maxBatch,
      ScheduledExecutorService executor, long lockTtlMs, long heartbeatIntervalMs) {
    this.pd = pd;
    this.sender = sender;
    this.backoffs = backoffs;
    this.timeoutMs = timeoutMs;
    this.maxBatch = maxBatch;
    this.executor = executor;
    this.lockResolver = new LockResolver(pd, sender);
    this.lockTtlMs = lockTtlMs;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
  }

  /** Opens a transaction at a fresh start_ts. */
  public Transaction begin() {
    return new Transaction(this, snapshot(timestamp()));
  }

  public CompletableFuture<Transaction> beginAsync() {
    return pd.getTimestamp().thenApply(ts -> new Transaction(this, snapshot(ts)));
  }

  /** Read-only access to the data as of {@code ts}. */
  public TxnSnapshot snapshot(long ts) {
    return new TxnSnapshot(ts, sender, lockResolver, backoffs, timeoutMs, maxBatch);
  }

  /** A fresh timestamp from PD, blocking. */
  long timestamp() {
    return await(pd.getTimestamp());
  }

  /** Waits for a timestamp; a failure is thrown as the client exception it carries. */
  static long await(CompletableFuture<Long> ts) {
    try {
      return ts.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof KilnClientException k) {
        throw k;
      }
      throw new KilnClientException("getting a timestamp failed", e.getCause());
    }
  }

  TtlKeeper startTtlKeeper(byte[] primary, long startTs) {
    return new TtlKeeper(executor, sender, backoffs, primary, startTs, lockTtlMs, heartbeatIntervalMs,
        System::currentTimeMillis);
  }

  long wallClockMs() {
    return System.currentTimeMillis();
  }

  RegionRequestSender sender() {
    return sender;
  }

  Backoffs backoffs() {
    return backoffs;
  }

  long timeoutMs() {
    return timeoutMs;
  }

  int maxBatch() {
    return maxBatch;
  }

  long lockTtlMs() {
    return lockTtlMs;
  }

  ScheduledExecutorService executor() {
    return executor;
  }

  LockResolver lockResolver() {
    return lockResolver;
  }
}
