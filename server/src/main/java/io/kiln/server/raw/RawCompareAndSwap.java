package io.kiln.server.raw;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Kvrpcpb.RawCASRequest;
import io.kiln.proto.Kvrpcpb.RawCASResponse;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RaftKv;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * TiKV's raw compare-and-swap: under the key's latch, read the current value on a linearizable
 * snapshot, compare, and (if equal) write the new value through raft, releasing the latch once
 * the write is applied. So two CAS on one key (or a CAS and a {@code for_cas} write) never
 * interleave on this store, and the write carries the term of the read, so a swap decided under
 * one leader is refused if another leader may have written the key since.
 *
 * <p>The comparison: with {@code previous_not_exist}, succeed if the key is absent (or expired);
 * otherwise succeed if it exists with exactly {@code previous_value}. The response always tells
 * the value found ({@code previous_not_exist} or {@code previous_value}) and {@code succeed}.
 */
final class RawCompareAndSwap {

  private final RawRequestChecks checks;
  private final RawValueCodec codec;
  private final RaftKv kv;
  private final SnapshotReads reads;
  private final RawReads reader;
  private final KeyLatches latches;
  private final LongSupplier nowSeconds;

  RawCompareAndSwap(RawRequestChecks checks, RawValueCodec codec, RaftKv kv, SnapshotReads reads,
      RawReads reader, KeyLatches latches, LongSupplier nowSeconds) {
    this.checks = checks;
    this.codec = codec;
    this.kv = kv;
    this.reads = reads;
    this.reader = reader;
    this.latches = latches;
    this.nowSeconds = nowSeconds;
  }

  CompletableFuture<RawCASResponse> compareAndSwap(RawCASRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      checks.writeKey(req.getKey());
      checks.value(req.getValue());
      checks.ttl(req.getTtl());
      byte[] key = req.getKey().toByteArray();
      return latches.withLatches(List.of(key), () -> {
        long now = nowSeconds.getAsLong();
        return reads.read(req.getContext(), snap -> new Found(reader.visible(snap.get(cf, key), now), snap.term()))
            .thenCompose(found -> swapIfEqual(req, cf, key, found, now));
      });
    }).exceptionally(e -> {
      RawCASResponse.Builder b = RawCASResponse.newBuilder();
      RawFailure.of(e).fill(b::setRegionError, b::setError);
      return b.build();
    });
  }

  /** The value the snapshot holds (null: none) and the leader's term it was read at. */
  private record Found(byte[] value, long term) {}

  private CompletableFuture<RawCASResponse> swapIfEqual(RawCASRequest req, String cf, byte[] key,
      Found found, long now) {
    byte[] previous = found.value();
    boolean equal = req.getPreviousNotExist()
        ? previous == null
        : previous != null && Arrays.equals(previous, req.getPreviousValue().toByteArray());
    RawCASResponse.Builder b = RawCASResponse.newBuilder().setSucceed(equal);
    if (previous == null) {
      b.setPreviousNotExist(true);
    } else {
      b.setPreviousValue(ByteString.copyFrom(previous));
    }
    if (!equal) {
      return CompletableFuture.completedFuture(b.build());
    }
    Modify put = new Modify.Put(cf, key,
        codec.encode(req.getValue().toByteArray(), RawValueCodec.expiryOf(req.getTtl(), now)));
    // the write carries the read's term: if leadership moved since, the raftstore refuses it
    // (StaleCommand) rather than apply a swap decided on what may no longer be the value
    Kvrpcpb.Context ctx = found.term() == 0 ? req.getContext() : req.getContext().toBuilder().setTerm(found.term()).build();
    return kv.asyncWrite(ctx, List.of(put)).thenApply(v -> b.build());
  }
}
