package io.kiln.server.raw;

import com.google.protobuf.ByteString;
import io.kiln.engine.EngineIterator;
import io.kiln.proto.Kvrpcpb.KvPair;
import io.kiln.proto.Kvrpcpb.RawBatchGetRequest;
import io.kiln.proto.Kvrpcpb.RawBatchGetResponse;
import io.kiln.proto.Kvrpcpb.RawGetKeyTTLRequest;
import io.kiln.proto.Kvrpcpb.RawGetKeyTTLResponse;
import io.kiln.proto.Kvrpcpb.RawGetRequest;
import io.kiln.proto.Kvrpcpb.RawGetResponse;
import io.kiln.proto.Kvrpcpb.RawScanRequest;
import io.kiln.proto.Kvrpcpb.RawScanResponse;
import io.kiln.proto.Metapb.Region;
import io.kiln.raftstore.RegionErrors;
import io.kiln.raftstore.kv.RegionErrorException;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Raw reads: each runs on one linearizable snapshot of the request's region. With TTL on, expired
 * values are invisible (not found, skipped by scans without counting against the limit).
 *
 * <p>Scans follow TiKV: forward, {@code [start_key, end_key)} in ascending order; reverse,
 * {@code start_key} is the exclusive upper bound and {@code end_key} the inclusive lower bound,
 * in descending order. An empty {@code end_key} means "to the region's edge", and so does an
 * empty {@code start_key} of a reverse scan. The region clips the far bound; the start bound
 * must lie in the region (else KeyNotInRegion, as TiKV's region iterator answers).
 */
final class RawReads {

  private final RawRequestChecks checks;
  private final RawValueCodec codec;
  private final SnapshotReads reads;
  private final LongSupplier nowSeconds;

  RawReads(RawRequestChecks checks, RawValueCodec codec, SnapshotReads reads, LongSupplier nowSeconds) {
    this.checks = checks;
    this.codec = codec;
    this.reads = reads;
    this.nowSeconds = nowSeconds;
  }

  CompletableFuture<RawGetResponse> get(RawGetRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      checks.readKey(req.getKey());
      long now = nowSeconds.getAsLong();
      return reads.read(req.getContext(), snap -> {
        byte[] v = visible(snap.get(cf, req.getKey().toByteArray()), now);
        RawGetResponse.Builder b = RawGetResponse.newBuilder();
        return (v == null ? b.setNotFound(true) : b.setValue(ByteString.copyFrom(v))).build();
      });
    }).exceptionally(e -> {
      RawGetResponse.Builder b = RawGetResponse.newBuilder();
      RawFailure.of(e).fill(b::setRegionError, b::setError);
      return b.build();
    });
  }

  CompletableFuture<RawBatchGetResponse> batchGet(RawBatchGetRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      req.getKeysList().forEach(checks::readKey);
      long now = nowSeconds.getAsLong();
      return reads.read(req.getContext(), snap -> {
        RawBatchGetResponse.Builder b = RawBatchGetResponse.newBuilder();
        for (ByteString k : req.getKeysList()) {
          byte[] v = visible(snap.get(cf, k.toByteArray()), now);
          if (v != null) {
            b.addPairs(KvPair.newBuilder().setKey(k).setValue(ByteString.copyFrom(v)));
          }
        }
        return b.build();
      });
    }).exceptionally(e -> {
      RawBatchGetResponse.Builder b = RawBatchGetResponse.newBuilder();
      RawFailure.of(e).fillPairs(b::setRegionError, b::addPairs);
      return b.build();
    });
  }

  CompletableFuture<RawScanResponse> scan(RawScanRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      String cf = checks.cf(req.getCf());
      checks.readKey(req.getStartKey());
      checks.readKey(req.getEndKey());
      long now = nowSeconds.getAsLong();
      return reads.read(req.getContext(), snap -> {
        List<KvPair> kvs = req.getReverse() ? reverseScan(snap, cf, req, now) : forwardScan(snap, cf, req, now);
        return RawScanResponse.newBuilder().addAllKvs(kvs).build();
      });
    }).exceptionally(e -> {
      RawScanResponse.Builder b = RawScanResponse.newBuilder();
      RawFailure.of(e).fillPairs(b::setRegionError, b::addKvs);
      return b.build();
    });
  }

  CompletableFuture<RawGetKeyTTLResponse> getKeyTtl(RawGetKeyTTLRequest req) {
    return RawFailure.guard(() -> {
      checks.context(req.getContext());
      checks.ttlReadable();
      String cf = checks.cf(req.getCf());
      checks.readKey(req.getKey());
      long now = nowSeconds.getAsLong();
      return reads.read(req.getContext(), snap -> {
        byte[] stored = snap.get(cf, req.getKey().toByteArray());
        RawGetKeyTTLResponse.Builder b = RawGetKeyTTLResponse.newBuilder();
        if (stored == null || codec.expired(stored, now)) {
          return b.setNotFound(true).build();
        }
        long expiry = codec.expiry(stored);
        return b.setTtl(expiry == 0 ? 0 : expiry - now).build();
      });
    }).exceptionally(e -> {
      RawGetKeyTTLResponse.Builder b = RawGetKeyTTLResponse.newBuilder();
      RawFailure.of(e).fill(b::setRegionError, b::setError);
      return b.build();
    });
  }

  /** The user value of {@code stored} if it exists and has not expired, else null. */
  byte[] visible(byte[] stored, long now) {
    if (stored == null || codec.expired(stored, now)) {
      return null;
    }
    return codec.userValue(stored);
  }

  private List<KvPair> forwardScan(RegionSnapshot snap, String cf, RawScanRequest req, long now) {
    Region region = snap.region();
    ByteString start = req.getStartKey();
    ByteString end = req.getEndKey();
    if (!io.kiln.raftstore.Keys.inRegion(start, region)) {
      throw new RegionErrorException(RegionErrors.keyNotInRegion(start.toByteArray(), region));
    }
    List<KvPair> out = new ArrayList<>();
    if (req.getLimit() == 0 || (!end.isEmpty() && compare(end, start) <= 0)) {
      return out;
    }
    try (EngineIterator it = snap.iterator(cf, start.toByteArray(), end.isEmpty() ? null : end.toByteArray())) {
      for (boolean ok = it.seek(start.toByteArray()); ok && out.size() < req.getLimit(); ok = it.next()) {
        add(out, it, req.getKeyOnly(), now);
      }
    }
    return out;
  }

  private List<KvPair> reverseScan(RegionSnapshot snap, String cf, RawScanRequest req, long now) {
    Region region = snap.region();
    ByteString upper = req.getStartKey();
    ByteString lower = req.getEndKey();
    if (!upper.isEmpty() && !upperBoundInRegion(upper, region)) {
      throw new RegionErrorException(RegionErrors.keyNotInRegion(upper.toByteArray(), region));
    }
    List<KvPair> out = new ArrayList<>();
    if (req.getLimit() == 0 || (!upper.isEmpty() && compare(upper, lower) <= 0)) {
      return out;
    }
    try (EngineIterator it = snap.iterator(cf, lower.isEmpty() ? null : lower.toByteArray(),
        upper.isEmpty() ? null : upper.toByteArray())) {
      for (boolean ok = it.seekToLast(); ok && out.size() < req.getLimit(); ok = it.prev()) {
        add(out, it, req.getKeyOnly(), now);
      }
    }
    return out;
  }

  private void add(List<KvPair> out, EngineIterator it, boolean keyOnly, long now) {
    byte[] v = visible(it.value(), now);
    if (v != null) {
      KvPair.Builder p = KvPair.newBuilder().setKey(ByteString.copyFrom(it.key()));
      if (!keyOnly) {
        p.setValue(ByteString.copyFrom(v));
      }
      out.add(p.build());
    }
  }

  /** An exclusive upper bound belongs to the region if it is in (start, end]. */
  private static boolean upperBoundInRegion(ByteString upper, Region region) {
    return compare(upper, region.getStartKey()) > 0
        && (region.getEndKey().isEmpty() || compare(upper, region.getEndKey()) <= 0);
  }

  private static int compare(ByteString a, ByteString b) {
    return ByteString.unsignedLexicographicalComparator().compare(a, b);
  }
}
