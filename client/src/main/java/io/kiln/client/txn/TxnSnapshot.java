package io.kiln.client.txn;

import com.google.protobuf.ByteString;
import io.kiln.client.KeyValue;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.codec.Keys;
import io.kiln.client.error.BackoffExhaustedException;
import io.kiln.client.error.KeyLockedException;
import io.kiln.client.region.CachedRegion;
import io.kiln.client.rpc.RegionBatches;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.proto.Kvrpcpb;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Snapshot reads at one timestamp ({@code KvGet}, {@code KvBatchGet}, {@code KvScan} with
 * {@code version = ts}). A read that meets a lock resolves it through the {@link LockResolver}
 * and reads again; while the lock's owner is alive it backs off, and gives up with a
 * {@link io.kiln.client.error.KeyLockedException} at the deadline.
 */
public final class TxnSnapshot {

  private final long ts;
  private final RegionRequestSender sender;
  private final LockResolver resolver;
  private final Backoffs backoffs;
  private final long timeoutMs;
  private final int maxBatch;

  TxnSnapshot(long ts, RegionRequestSender sender, LockResolver resolver, Backoffs backoffs, long timeoutMs,
      int maxBatch) {
    this.ts = ts;
    this.sender = sender;
    this.resolver = resolver;
    this.backoffs = backoffs;
    this.timeoutMs = timeoutMs;
    this.maxBatch = maxBatch;
  }

  public long ts() {
    return ts;
  }

  public Optional<byte[]> get(byte[] key) {
    Backoffer bo = backoffs.start("KvGet", timeoutMs);
    LockSeen seen = new LockSeen();
    try {
      return get(bo, key, seen);
    } catch (BackoffExhaustedException e) {
      throw seen.explain(bo, e);
    }
  }

  private Optional<byte[]> get(Backoffer bo, byte[] key, LockSeen seen) {
    while (true) {
      Kvrpcpb.GetResponse r = sender.sendToKey(bo, key, (stub, ctx) -> stub.kvGet(Kvrpcpb.GetRequest.newBuilder()
          .setContext(ctx).setKey(ByteString.copyFrom(key)).setVersion(ts).build()));
      if (!r.hasError()) {
        return r.getNotFound() ? Optional.empty() : Optional.of(r.getValue().toByteArray());
      }
      handleReadError(bo, "KvGet", r.getError(), seen);
    }
  }

  /** The pairs that exist among {@code keys}, in key order. */
  public List<KeyValue> batchGet(List<byte[]> keys) {
    Backoffer bo = backoffs.start("KvBatchGet", timeoutMs);
    LockSeen seen = new LockSeen();
    try {
      return batchGet(bo, keys, seen);
    } catch (BackoffExhaustedException e) {
      throw seen.explain(bo, e);
    }
  }

  private List<KeyValue> batchGet(Backoffer bo, List<byte[]> keys, LockSeen seen) {
    List<KeyValue> out = new ArrayList<>();
    List<byte[]> todo = keys;
    while (!todo.isEmpty()) {
      List<byte[]> locked = new ArrayList<>();
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      RegionBatches.send(sender, bo, todo, maxBatch,
          ks -> (stub, ctx) -> stub.kvBatchGet(Kvrpcpb.BatchGetRequest.newBuilder().setContext(ctx)
              .addAllKeys(ks.stream().map(ByteString::copyFrom).toList()).setVersion(ts).build()),
          (batch, r) -> {
            if (r.hasError()) {
              if (!r.getError().hasLocked()) {
                throw KeyErrors.toException("KvBatchGet", ts, r.getError());
              }
              locks.add(r.getError().getLocked());
              locked.addAll(batch.keys());
              return;
            }
            for (Kvrpcpb.KvPair p : r.getPairsList()) {
              if (p.hasError()) {
                if (!p.getError().hasLocked()) {
                  throw KeyErrors.toException("KvBatchGet", ts, p.getError());
                }
                locks.add(p.getError().getLocked());
                locked.add(p.getKey().toByteArray());
              } else {
                out.add(new KeyValue(p.getKey().toByteArray(), p.getValue().toByteArray()));
              }
            }
          });
      if (!locks.isEmpty()) {
        seen.lock = locks.get(0);
        if (!resolver.resolve(bo, locks, ts)) {
          LockResolver.waitForLock(bo, locks.get(0));
        }
      }
      todo = locked;
    }
    out.sort((a, b) -> Keys.ORDER.compare(a.key(), b.key()));
    return out;
  }

  /** Up to {@code limit} pairs in {@code [start, end)} (empty end: to the last key), region after region. */
  public List<KeyValue> scan(byte[] start, byte[] end, int limit, boolean keyOnly) {
    Backoffer bo = backoffs.start("KvScan", timeoutMs);
    LockSeen seen = new LockSeen();
    try {
      return scan(bo, start, end, limit, keyOnly, seen);
    } catch (BackoffExhaustedException e) {
      throw seen.explain(bo, e);
    }
  }

  private List<KeyValue> scan(Backoffer bo, byte[] start, byte[] end, int limit, boolean keyOnly, LockSeen seen) {
    List<KeyValue> out = new ArrayList<>();
    byte[] cursor = start;
    while (out.size() < limit && (end.length == 0 || Keys.less(cursor, end))) {
      CachedRegion region = sender.locate(bo, cursor);
      if (region == null) {
        continue;
      }
      byte[] from = cursor;
      byte[] to = region.endKey().length == 0 || (end.length > 0 && Keys.less(end, region.endKey()))
          ? end : region.endKey();
      int want = limit - out.size();
      var a = sender.sendToRegion(bo, region, (stub, ctx) -> stub.kvScan(Kvrpcpb.ScanRequest.newBuilder()
          .setContext(ctx).setStartKey(ByteString.copyFrom(from)).setEndKey(ByteString.copyFrom(to))
          .setLimit(want).setVersion(ts).setKeyOnly(keyOnly).build()));
      if (a.regionChanged()) {
        continue;
      }
      Kvrpcpb.ScanResponse r = a.response();
      if (r.hasError()) {
        handleReadError(bo, "KvScan", r.getError(), seen);
        continue;
      }
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      List<KeyValue> part = new ArrayList<>();
      for (Kvrpcpb.KvPair p : r.getPairsList()) {
        if (p.hasError()) {
          if (!p.getError().hasLocked()) {
            throw KeyErrors.toException("KvScan", ts, p.getError());
          }
          locks.add(p.getError().getLocked());
        } else {
          part.add(new KeyValue(p.getKey().toByteArray(), keyOnly ? new byte[0] : p.getValue().toByteArray()));
        }
      }
      if (!locks.isEmpty()) {
        // scan this region again from the same cursor once the locks are gone
        seen.lock = locks.get(0);
        if (!resolver.resolve(bo, locks, ts)) {
          LockResolver.waitForLock(bo, locks.get(0));
        }
        continue;
      }
      out.addAll(part);
      if (part.size() >= want) {
        break;
      }
      if (region.reaches(end)) {
        break;
      }
      cursor = region.endKey();
    }
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  private void handleReadError(Backoffer bo, String op, Kvrpcpb.KeyError error, LockSeen seen) {
    if (!error.hasLocked()) {
      throw KeyErrors.toException(op, ts, error);
    }
    seen.lock = error.getLocked();
    if (!resolver.resolve(bo, List.of(error.getLocked()), ts)) {
      LockResolver.waitForLock(bo, error.getLocked());
    }
  }

  /** The last lock a read met: when its retries run out, that lock is why. */
  private static final class LockSeen {
    Kvrpcpb.LockInfo lock;

    BackoffExhaustedException explain(Backoffer bo, BackoffExhaustedException e) {
      if (lock == null || e instanceof KeyLockedException) {
        return e;
      }
      return new KeyLockedException(bo.operation(), lock.getLockVersion(), "key " + Keys.show(lock.getKey().toByteArray())
          + " is locked by txn " + lock.getLockVersion() + " (last error: " + e.lastError() + ")");
    }
  }
}
