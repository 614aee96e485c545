package io.kiln.client.raw;

import com.google.protobuf.ByteString;
import io.kiln.client.KeyValue;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.codec.Keys;
import io.kiln.client.error.ServerErrorException;
import io.kiln.client.region.CachedRegion;
import io.kiln.client.rpc.RegionBatches;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.proto.Kvrpcpb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * TiKV's RawKV API (API v1, the default column family). Every call routes through the region
 * cache and retries region errors and unreachable stores until the client's request timeout
 * ({@link io.kiln.client.error.BackoffExhaustedException}); a store's own error string is thrown
 * as {@link ServerErrorException}. Batched calls send one request per region (and per
 * {@code maxBatch} keys). Each blocking method has an {@code ...Async} twin that runs it on the
 * client's executor. Thread-safe.
 */
public final class RawKvClient {

  private final RegionRequestSender sender;
  private final Backoffs backoffs;
  private final long timeoutMs;
  private final int maxBatch;
  private final Executor executor;

  public RawKvClient(RegionRequestSender sender, Backoffs backoffs, long timeoutMs, int maxBatch, Executor executor) {
    this.sender = sender;
    this.backoffs = backoffs;
    this.timeoutMs = timeoutMs;
    this.maxBatch = maxBatch;
    this.executor = executor;
  }

  // ------------------------------------------------------------------ single keys

  /** The value of {@code key}, or empty when it does not exist (or its TTL expired). */
  public Optional<byte[]> get(byte[] key) {
    Kvrpcpb.RawGetResponse r = sender.sendToKey(bo("RawGet"), key, (stub, ctx) -> stub.rawGet(
        Kvrpcpb.RawGetRequest.newBuilder().setContext(ctx).setKey(bs(key)).build()));
    check("RawGet", r.getError());
    return r.getNotFound() ? Optional.empty() : Optional.of(r.getValue().toByteArray());
  }

  public void put(byte[] key, byte[] value) {
    put(key, value, 0);
  }

  /** Writes {@code key}; it expires after {@code ttlSeconds} (0: never). */
  public void put(byte[] key, byte[] value, long ttlSeconds) {
    Kvrpcpb.RawPutResponse r = sender.sendToKey(bo("RawPut"), key, (stub, ctx) -> stub.rawPut(
        Kvrpcpb.RawPutRequest.newBuilder().setContext(ctx).setKey(bs(key)).setValue(bs(value)).setTtl(ttlSeconds)
            .build()));
    check("RawPut", r.getError());
  }

  public void delete(byte[] key) {
    Kvrpcpb.RawDeleteResponse r = sender.sendToKey(bo("RawDelete"), key, (stub, ctx) -> stub.rawDelete(
        Kvrpcpb.RawDeleteRequest.newBuilder().setContext(ctx).setKey(bs(key)).build()));
    check("RawDelete", r.getError());
  }

  /**
   * Writes {@code newValue} if the key's current value is {@code expected} (empty: the key must
   * not exist), atomically on the store (TiKV's RawCAS).
   */
  public CasResult compareAndSet(byte[] key, Optional<byte[]> expected, byte[] newValue) {
    return compareAndSet(key, expected, newValue, 0);
  }

  public CasResult compareAndSet(byte[] key, Optional<byte[]> expected, byte[] newValue, long ttlSeconds) {
    Kvrpcpb.RawCASResponse r = sender.sendToKey(bo("RawCompareAndSwap"), key, (stub, ctx) -> {
      Kvrpcpb.RawCASRequest.Builder b = Kvrpcpb.RawCASRequest.newBuilder().setContext(ctx).setKey(bs(key))
          .setValue(bs(newValue)).setTtl(ttlSeconds).setPreviousNotExist(expected.isEmpty());
      expected.ifPresent(v -> b.setPreviousValue(bs(v)));
      return stub.rawCompareAndSwap(b.build());
    });
    check("RawCompareAndSwap", r.getError());
    return new CasResult(r.getSucceed(),
        r.getPreviousNotExist() ? Optional.empty() : Optional.of(r.getPreviousValue().toByteArray()));
  }

  /** Seconds left before {@code key} expires: empty when it does not exist, 0 when it has no TTL. */
  public Optional<Long> getKeyTTL(byte[] key) {
    Kvrpcpb.RawGetKeyTTLResponse r = sender.sendToKey(bo("RawGetKeyTTL"), key, (stub, ctx) -> stub.rawGetKeyTTL(
        Kvrpcpb.RawGetKeyTTLRequest.newBuilder().setContext(ctx).setKey(bs(key)).build()));
    check("RawGetKeyTTL", r.getError());
    return r.getNotFound() ? Optional.empty() : Optional.of(r.getTtl());
  }

  // ------------------------------------------------------------------ batches

  /** The pairs that exist among {@code keys}, in key order. */
  public List<KeyValue> batchGet(List<byte[]> keys) {
    List<KeyValue> out = new ArrayList<>();
    RegionBatches.send(sender, bo("RawBatchGet"), distinct(keys), maxBatch,
        ks -> (stub, ctx) -> stub.rawBatchGet(Kvrpcpb.RawBatchGetRequest.newBuilder().setContext(ctx)
            .addAllKeys(bsList(ks)).build()),
        (batch, r) -> {
          for (Kvrpcpb.KvPair p : r.getPairsList()) {
            if (p.hasError()) {
              throw new ServerErrorException("RawBatchGet: " + p.getError());
            }
            out.add(new KeyValue(p.getKey().toByteArray(), p.getValue().toByteArray()));
          }
        });
    out.sort((a, b) -> Keys.ORDER.compare(a.key(), b.key()));
    return out;
  }

  public void batchPut(List<KeyValue> pairs) {
    batchPut(pairs, 0);
  }

  /** Writes every pair (a later pair wins over an earlier one with the same key), one request per region. */
  public void batchPut(List<KeyValue> pairs, long ttlSeconds) {
    Map<Key, byte[]> values = new HashMap<>();
    for (KeyValue kv : pairs) {
      values.put(new Key(kv.key()), kv.value());
    }
    List<byte[]> keys = new ArrayList<>();
    values.keySet().forEach(k -> keys.add(k.bytes()));
    RegionBatches.send(sender, bo("RawBatchPut"), keys, maxBatch,
        ks -> (stub, ctx) -> {
          Kvrpcpb.RawBatchPutRequest.Builder b = Kvrpcpb.RawBatchPutRequest.newBuilder().setContext(ctx);
          for (byte[] k : ks) {
            b.addPairs(Kvrpcpb.KvPair.newBuilder().setKey(bs(k)).setValue(bs(values.get(new Key(k)))));
            if (ttlSeconds > 0) {
              b.addTtls(ttlSeconds);
            }
          }
          return stub.rawBatchPut(b.build());
        },
        (batch, r) -> check("RawBatchPut", r.getError()));
  }

  public void batchDelete(List<byte[]> keys) {
    RegionBatches.send(sender, bo("RawBatchDelete"), distinct(keys), maxBatch,
        ks -> (stub, ctx) -> stub.rawBatchDelete(Kvrpcpb.RawBatchDeleteRequest.newBuilder().setContext(ctx)
            .addAllKeys(bsList(ks)).build()),
        (batch, r) -> check("RawBatchDelete", r.getError()));
  }

  // ------------------------------------------------------------------ ranges

  public List<KeyValue> scan(byte[] start, byte[] end, int limit) {
    return scan(start, end, limit, false);
  }

  /**
   * Up to {@code limit} pairs in {@code [start, end)} (an empty end: to the last key) in key
   * order, region after region; with {@code keyOnly} the values are empty.
   */
  public List<KeyValue> scan(byte[] start, byte[] end, int limit, boolean keyOnly) {
    Backoffer backoffer = bo("RawScan");
    List<KeyValue> out = new ArrayList<>();
    byte[] cursor = start;
    while (out.size() < limit && (end.length == 0 || Keys.less(cursor, end))) {
      CachedRegion region = sender.locate(backoffer, cursor);
      if (region == null) {
        continue;
      }
      byte[] from = cursor;
      byte[] to = clampEnd(region, end);
      int want = limit - out.size();
      var a = sender.sendToRegion(backoffer, region, (stub, ctx) -> stub.rawScan(Kvrpcpb.RawScanRequest.newBuilder()
          .setContext(ctx).setStartKey(bs(from)).setEndKey(bs(to)).setLimit(want).setKeyOnly(keyOnly).build()));
      if (a.regionChanged()) {
        continue;
      }
      for (Kvrpcpb.KvPair p : a.response().getKvsList()) {
        out.add(new KeyValue(p.getKey().toByteArray(), keyOnly ? new byte[0] : p.getValue().toByteArray()));
      }
      if (region.reaches(end)) {
        break;
      }
      cursor = region.endKey();
    }
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  /** Deletes every key in {@code [start, end)} (an empty end: to the last key), one request per region. */
  public void deleteRange(byte[] start, byte[] end) {
    Backoffer backoffer = bo("RawDeleteRange");
    byte[] cursor = start;
    while (end.length == 0 || Keys.less(cursor, end)) {
      CachedRegion region = sender.locate(backoffer, cursor);
      if (region == null) {
        continue;
      }
      byte[] from = cursor;
      byte[] to = clampEnd(region, end);
      var a = sender.sendToRegion(backoffer, region, (stub, ctx) -> stub.rawDeleteRange(
          Kvrpcpb.RawDeleteRangeRequest.newBuilder().setContext(ctx).setStartKey(bs(from)).setEndKey(bs(to)).build()));
      if (a.regionChanged()) {
        continue;
      }
      check("RawDeleteRange", a.response().getError());
      if (region.reaches(end)) {
        return;
      }
      cursor = region.endKey();
    }
  }

  // ------------------------------------------------------------------ async forms

  public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
    return async(() -> get(key));
  }

  public CompletableFuture<List<KeyValue>> batchGetAsync(List<byte[]> keys) {
    return async(() -> batchGet(keys));
  }

  public CompletableFuture<Void> putAsync(byte[] key, byte[] value, long ttlSeconds) {
    return async(() -> {
      put(key, value, ttlSeconds);
      return null;
    });
  }

  public CompletableFuture<Void> batchPutAsync(List<KeyValue> pairs) {
    return async(() -> {
      batchPut(pairs);
      return null;
    });
  }

  public CompletableFuture<Void> deleteAsync(byte[] key) {
    return async(() -> {
      delete(key);
      return null;
    });
  }

  public CompletableFuture<List<KeyValue>> scanAsync(byte[] start, byte[] end, int limit, boolean keyOnly) {
    return async(() -> scan(start, end, limit, keyOnly));
  }

  public CompletableFuture<Void> deleteRangeAsync(byte[] start, byte[] end) {
    return async(() -> {
      deleteRange(start, end);
      return null;
    });
  }

  public CompletableFuture<CasResult> compareAndSetAsync(byte[] key, Optional<byte[]> expected, byte[] newValue) {
    return async(() -> compareAndSet(key, expected, newValue));
  }

  public CompletableFuture<Optional<Long>> getKeyTTLAsync(byte[] key) {
    return async(() -> getKeyTTL(key));
  }

  // ------------------------------------------------------------------ helpers

  private <T> CompletableFuture<T> async(Supplier<T> op) {
    return CompletableFuture.supplyAsync(op, executor);
  }

  private Backoffer bo(String op) {
    return backoffs.start(op, timeoutMs);
  }

  /** The end of a request to {@code region}: the smaller of the region's end and {@code end}. */
  private static byte[] clampEnd(CachedRegion region, byte[] end) {
    if (region.endKey().length == 0) {
      return end;
    }
    if (end.length == 0 || Keys.less(region.endKey(), end)) {
      return region.endKey();
    }
    return end;
  }

  private static void check(String op, String error) {
    if (error != null && !error.isEmpty()) {
      throw new ServerErrorException(op + ": " + error);
    }
  }

  private static List<byte[]> distinct(List<byte[]> keys) {
    Map<Key, byte[]> seen = new HashMap<>();
    for (byte[] k : keys) {
      seen.putIfAbsent(new Key(k), k);
    }
    return new ArrayList<>(seen.values());
  }

  static ByteString bs(byte[] b) {
    return ByteString.copyFrom(b);
  }

  static List<ByteString> bsList(List<byte[]> keys) {
    List<ByteString> out = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      out.add(ByteString.copyFrom(k));
    }
    return out;
  }

  /** A byte[] with value equality, for maps. */
  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
