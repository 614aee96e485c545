package io.kiln.server.raw;

import io.kiln.proto.Kvrpcpb.RawBatchDeleteRequest;
import io.kiln.proto.Kvrpcpb.RawBatchDeleteResponse;
import io.kiln.proto.Kvrpcpb.RawBatchGetRequest;
import io.kiln.proto.Kvrpcpb.RawBatchGetResponse;
import io.kiln.proto.Kvrpcpb.RawBatchPutRequest;
import io.kiln.proto.Kvrpcpb.RawBatchPutResponse;
import io.kiln.proto.Kvrpcpb.RawCASRequest;
import io.kiln.proto.Kvrpcpb.RawCASResponse;
import io.kiln.proto.Kvrpcpb.RawDeleteRangeRequest;
import io.kiln.proto.Kvrpcpb.RawDeleteRangeResponse;
import io.kiln.proto.Kvrpcpb.RawDeleteRequest;
import io.kiln.proto.Kvrpcpb.RawDeleteResponse;
import io.kiln.proto.Kvrpcpb.RawGetKeyTTLRequest;
import io.kiln.proto.Kvrpcpb.RawGetKeyTTLResponse;
import io.kiln.proto.Kvrpcpb.RawGetRequest;
import io.kiln.proto.Kvrpcpb.RawGetResponse;
import io.kiln.proto.Kvrpcpb.RawPutRequest;
import io.kiln.proto.Kvrpcpb.RawPutResponse;
import io.kiln.proto.Kvrpcpb.RawScanRequest;
import io.kiln.proto.Kvrpcpb.RawScanResponse;
import io.kiln.raftstore.kv.RaftKv;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * TiKV's raw API over a store's {@link RaftKv}. Every method returns at once; its future completes
 * with the response (never exceptionally for a request-level failure: region errors and other
 * errors are fields of the response). Reads run on {@code readPool}, never on raftstore or gRPC
 * threads.
 */
public final class RawKv {

  /** Latch slots for compare-and-swap and {@code for_cas} writes: keys hash into this many. */
  static final int LATCH_SLOTS = 2048;

  private final RawReads reads;
  private final RawWrites writes;
  private final RawCompareAndSwap cas;

  /**
   * @param nowSeconds the clock TTLs are measured with: unix time in seconds
   */
  public RawKv(RaftKv kv, RawKvOptions options, Executor readPool, LongSupplier nowSeconds) {
    RawRequestChecks checks = new RawRequestChecks(options);
    RawValueCodec codec = new RawValueCodec(options.ttlEnabled());
    SnapshotReads snapshots = new SnapshotReads(kv, readPool);
    KeyLatches latches = new KeyLatches(LATCH_SLOTS, readPool);
    this.reads = new RawReads(checks, codec, snapshots, nowSeconds);
    this.writes = new RawWrites(checks, codec, kv, latches, nowSeconds);
    this.cas = new RawCompareAndSwap(checks, codec, kv, snapshots, reads, latches, nowSeconds);
  }

  /** Unix time in seconds from the system clock. */
  public static long systemSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  public CompletableFuture<RawGetResponse> get(RawGetRequest req) {
    return reads.get(req);
  }

  public CompletableFuture<RawBatchGetResponse> batchGet(RawBatchGetRequest req) {
    return reads.batchGet(req);
  }

  public CompletableFuture<RawScanResponse> scan(RawScanRequest req) {
    return reads.scan(req);
  }

  public CompletableFuture<RawGetKeyTTLResponse> getKeyTtl(RawGetKeyTTLRequest req) {
    return reads.getKeyTtl(req);
  }

  public CompletableFuture<RawPutResponse> put(RawPutRequest req) {
    return writes.put(req);
  }

  public CompletableFuture<RawBatchPutResponse> batchPut(RawBatchPutRequest req) {
    return writes.batchPut(req);
  }

  public CompletableFuture<RawDeleteResponse> delete(RawDeleteRequest req) {
    return writes.delete(req);
  }

  public CompletableFuture<RawBatchDeleteResponse> batchDelete(RawBatchDeleteRequest req) {
    return writes.batchDelete(req);
  }

  public CompletableFuture<RawDeleteRangeResponse> deleteRange(RawDeleteRangeRequest req) {
    return writes.deleteRange(req);
  }

  public CompletableFuture<RawCASResponse> compareAndSwap(RawCASRequest req) {
    return cas.compareAndSwap(req);
  }
}
