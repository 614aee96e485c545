package io.kiln.server.raw;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb.KvPair;
import io.kiln.proto.Kvrpcpb.RawBatchDeleteRequest;
import io.kiln.proto.Kvrpcpb.RawBatchDeleteResponse;
import io.kiln.proto.Kvrpcpb.RawBatchPutRequest;
import io.kiln.proto.Kvrpcpb.RawBatchPutResponse;
import io.kiln.proto.Kvrpcpb.RawDeleteRangeRequest;
import io.kiln.proto.Kvrpcpb.RawDeleteRangeResponse;
import io.kiln.proto.Kvrpcpb.RawDeleteRequest;
import io.kiln.proto.Kvrpcpb.RawDeleteResponse;
import io.kiln.proto.Kvrpcpb.RawPutRequest;
import io.kiln.proto.Kvrpcpb.RawPutResponse;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.proto.Kvrpcpb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Raw writes: each request becomes one {@link RaftKv#asyncWrite} (one raft command, applied
 * atomically) and completes once applied. A write flagged {@code for_cas} holds the latches of
 * its keys like a compare-and-swap does, so it never lands between a CAS's read and its write.
 */
final class RawWrites {

  private final RawRequestChecks checks;
  private final RawValueCodec codec;
  private final RaftKv kv;
  private final KeyLatches latches;
  private final LongSupplier nowSeconds;

  RawWrites(RawRequestChecks checks, RawValueCodec codec, RaftKv kv, KeyLatches latches, LongSupplier nowSeconds) {
    this.checks = checks;
    this.codec = codec;
    this.kv = kv;
    this.latches = latches;
    this.nowSeconds = nowSeconds;
  }

  CompletableFuture<RawPutResponse> put(RawPutRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      checks.writeKey(req.getKey());
      checks.value(req.getValue());
      checks.ttl(req.getTtl());
      byte[] key = req.getKey().toByteArray();
      Modify put = new Modify.Put(cf, key,
          codec.encode(req.getValue().toByteArray(), RawValueCodec.expiryOf(req.getTtl(), nowSeconds.getAsLong())));
      return write(req.getContext(), List.of(put), req.getForCas() ? List.of(key) : null);
    }).handle((v, e) -> {
      RawPutResponse.Builder b = RawPutResponse.newBuilder();
      if (e != null) {
        RawFailure.of(e).fill(b::setRegionError, b::setError);
      }
      return b.build();
    });
  }

  CompletableFuture<RawBatchPutResponse> batchPut(RawBatchPutRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      List<Long> ttls = ttls(req);
      ttls.forEach(checks::ttl);
      long now = nowSeconds.getAsLong();
      List<Modify> puts = new ArrayList<>(req.getPairsCount());
      List<byte[]> keys = new ArrayList<>(req.getPairsCount());
      for (int i = 0; i < req.getPairsCount(); i++) {
        KvPair p = req.getPairs(i);
        checks.writeKey(p.getKey());
        checks.value(p.getValue());
        byte[] key = p.getKey().toByteArray();
        keys.add(key);
        puts.add(new Modify.Put(cf, key, codec.encode(p.getValue().toByteArray(), RawValueCodec.expiryOf(ttls.get(i), now))));
      }
      return write(req.getContext(), puts, req.getForCas() ? keys : null);
    }).handle((v, e) -> {
      RawBatchPutResponse.Builder b = RawBatchPutResponse.newBuilder();
      if (e != null) {
        RawFailure.of(e).fill(b::setRegionError, b::setError);
      }
      return b.build();
    });
  }

  CompletableFuture<RawDeleteResponse> delete(RawDeleteRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      checks.writeKey(req.getKey());
      byte[] key = req.getKey().toByteArray();
      return write(req.getContext(), List.of(new Modify.Delete(cf, key)), req.getForCas() ? List.of(key) : null);
    }).handle((v, e) -> {
      RawDeleteResponse.Builder b = RawDeleteResponse.newBuilder();
      if (e != null) {
        RawFailure.of(e).fill(b::setRegionError, b::setError);
      }
      return b.build();
    });
  }

  CompletableFuture<RawBatchDeleteResponse> batchDelete(RawBatchDeleteRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      List<Modify> deletes = new ArrayList<>(req.getKeysCount());
      List<byte[]> keys = new ArrayList<>(req.getKeysCount());
      for (ByteString k : req.getKeysList()) {
        checks.writeKey(k);
        byte[] key = k.toByteArray();
        keys.add(key);
        deletes.add(new Modify.Delete(cf, key));
      }
      return write(req.getContext(), deletes, req.getForCas() ? keys : null);
    }).handle((v, e) -> {
      RawBatchDeleteResponse.Builder b = RawBatchDeleteResponse.newBuilder();
      if (e != null) {
        RawFailure.of(e).fill(b::setRegionError, b::setError);
      }
      return b.build();
    });
  }

  /** Deletes {@code [start_key, end_key)}; an empty end key means the region's end. */
  CompletableFuture<RawDeleteRangeResponse> deleteRange(RawDeleteRangeRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      checks.readKey(req.getStartKey());
      checks.readKey(req.getEndKey());
      ByteString start = req.getStartKey();
      ByteString end = req.getEndKey();
      int order = end.isEmpty() ? -1 : ByteString.unsignedLexicographicalComparator().compare(start, end);
      if (order > 0) {
        throw new InvalidRawRequest("invalid range: start key " + hex(start) + " is after end key " + hex(end));
      }
      List<Modify> ms = order == 0 ? List.of()
          : List.of(new Modify.DeleteRange(cf, start.toByteArray(), end.isEmpty() ? null : end.toByteArray()));
      return kv.asyncWrite(req.getContext(), ms);
    }).handle((v, e) -> {
      RawDeleteRangeResponse.Builder b = RawDeleteRangeResponse.newBuilder();
      if (e != null) {
        RawFailure.of(e).fill(b::setRegionError, b::setError);
      }
      return b.build();
    });
  }

  /** Writes {@code modifies}, holding the latches of {@code latchedKeys} when not null. */
  private CompletableFuture<Void> write(Kvrpcpb.Context ctx, List<Modify> modifies, List<byte[]> latchedKeys) {
    if (latchedKeys == null) {
      return kv.asyncWrite(ctx, modifies);
    }
    return latches.withLatches(latchedKeys, () -> kv.asyncWrite(ctx, modifies));
  }

  /**
   * One TTL per pair (TiKV): {@code ttls} with exactly one entry applies to every pair, as many
   * entries as pairs apply one each, none falls back to the deprecated {@code ttl} field.
   */
  @SuppressWarnings("deprecation") // the deprecated ttl field is what older clients send
  private static List<Long> ttls(RawBatchPutRequest req) {
    int n = req.getPairsCount();
    List<Long> out = new ArrayList<>(n);
    if (req.getTtlsCount() == 0 || req.getTtlsCount() == 1) {
      long ttl = req.getTtlsCount() == 0 ? req.getTtl() : req.getTtls(0);
      for (int i = 0; i < n; i++) {
        out.add(ttl);
      }
      return out;
    }
    if (req.getTtlsCount() != n) {
      throw new InvalidRawRequest("The length of ttls does not equal to the length of pairs");
    }
    return req.getTtlsList();
  }

  private static String hex(ByteString b) {
    return io.kiln.engine.Hex.of(b.toByteArray());
  }
}
