package io.kiln.client.raw;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import io.kiln.proto.TikvGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A small blocking raw KV client (API v1) for tools such as {@code kiln ctl}: finds a key's
 * region and leader through PD, sends the request to that store, and on a region error
 * (NotLeader, EpochNotMatch, RegionNotFound, ...) or an unreachable store asks PD again and
 * retries until a deadline. Scans follow region boundaries. Kiln's full client (region cache,
 * batching, transactions) is a later piece of work; this one favours being obviously correct.
 */
public final class RawClient implements AutoCloseable {

  private final ManagedChannel pdChannel;
  private final PDGrpc.PDBlockingStub pd;
  private final Map<String, ManagedChannel> stores = new ConcurrentHashMap<>();
  private final long deadlineMs;
  private long clusterId;

  public RawClient(String pdAddress, long deadlineMs) {
    this.pdChannel = ManagedChannelBuilder.forTarget(pdAddress.replaceFirst("^https?://", "")).usePlaintext().build();
    this.pd = PDGrpc.newBlockingStub(pdChannel);
    this.deadlineMs = deadlineMs;
  }

  public void put(byte[] key, byte[] value) {
    call(key, (stub, ctx) -> {
      Kvrpcpb.RawPutResponse r = stub.rawPut(Kvrpcpb.RawPutRequest.newBuilder().setContext(ctx)
          .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)).build());
      return outcome(r.hasRegionError() ? r.getRegionError() : null, r.getError(), null);
    });
  }

  public Optional<byte[]> get(byte[] key) {
    return call(key, (stub, ctx) -> {
      Kvrpcpb.RawGetResponse r = stub.rawGet(Kvrpcpb.RawGetRequest.newBuilder().setContext(ctx)
          .setKey(ByteString.copyFrom(key)).build());
      Optional<byte[]> v = r.getNotFound() ? Optional.empty() : Optional.of(r.getValue().toByteArray());
      return outcome(r.hasRegionError() ? r.getRegionError() : null, r.getError(), v);
    });
  }

  public void delete(byte[] key) {
    call(key, (stub, ctx) -> {
      Kvrpcpb.RawDeleteResponse r = stub.rawDelete(Kvrpcpb.RawDeleteRequest.newBuilder().setContext(ctx)
          .setKey(ByteString.copyFrom(key)).build());
      return outcome(r.hasRegionError() ? r.getRegionError() : null, r.getError(), null);
    });
  }

  /** Up to {@code limit} pairs in {@code [start, end)} (an empty end: to the last key), across regions. */
  public List<Kvrpcpb.KvPair> scan(byte[] start, byte[] end, int limit) {
    List<Kvrpcpb.KvPair> out = new ArrayList<>();
    byte[] from = start;
    while (out.size() < limit) {
      byte[] cursor = from;
      Pdpb.GetRegionResponse[] region = new Pdpb.GetRegionResponse[1];
      List<Kvrpcpb.KvPair> part = call(cursor, (stub, ctx) -> {
        Kvrpcpb.RawScanResponse r = stub.rawScan(Kvrpcpb.RawScanRequest.newBuilder().setContext(ctx)
            .setStartKey(ByteString.copyFrom(cursor)).setEndKey(ByteString.copyFrom(end))
            .setLimit(limit - out.size()).build());
        return outcome(r.hasRegionError() ? r.getRegionError() : null, "", r.getKvsList());
      }, region);
      out.addAll(part);
      ByteString regionEnd = region[0].getRegion().getEndKey();
      if (regionEnd.isEmpty() || (end.length > 0
          && ByteString.unsignedLexicographicalComparator().compare(regionEnd, ByteString.copyFrom(end)) >= 0)) {
        break;
      }
      from = regionEnd.toByteArray();
    }
    return out;
  }

  /** Every store PD knows (tombstones excluded). */
  public List<Metapb.Store> stores() {
    Pdpb.GetAllStoresResponse r = pd().getAllStores(Pdpb.GetAllStoresRequest.newBuilder().setHeader(header())
        .setExcludeTombstoneStores(true).build());
    return r.getStoresList();
  }

  /** Up to {@code limit} regions from the first key, with their leaders. */
  public Pdpb.ScanRegionsResponse regions(int limit) {
    return pd().scanRegions(Pdpb.ScanRegionsRequest.newBuilder().setHeader(header()).setLimit(limit).build());
  }

  // ------------------------------------------------------------------ routing and retries

  private record Outcome<T>(Errorpb.Error regionError, String error, T value) {}

  private static <T> Outcome<T> outcome(Errorpb.Error regionError, String error, T value) {
    return new Outcome<>(regionError, error, value);
  }

  @FunctionalInterface
  private interface Call<T> {
    Outcome<T> run(TikvGrpc.TikvBlockingStub stub, Kvrpcpb.Context ctx);
  }

  private <T> T call(byte[] key, Call<T> c) {
    return call(key, c, new Pdpb.GetRegionResponse[1]);
  }

  private <T> T call(byte[] key, Call<T> c, Pdpb.GetRegionResponse[] regionOut) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    String last = "no attempt";
    long backoff = 20;
    while (System.nanoTime() < deadline) {
      try {
        Pdpb.GetRegionResponse region = pd().getRegion(Pdpb.GetRegionRequest.newBuilder().setHeader(header())
            .setRegionKey(ByteString.copyFrom(key)).build());
        if (!region.hasLeader() || region.getLeader().getStoreId() == 0) {
          last = "region of the key has no known leader yet";
        } else {
          regionOut[0] = region;
          Metapb.Store store = pd().getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(header())
              .setStoreId(region.getLeader().getStoreId()).build()).getStore();
          Kvrpcpb.Context ctx = Kvrpcpb.Context.newBuilder().setRegionId(region.getRegion().getId())
              .setRegionEpoch(region.getRegion().getRegionEpoch()).setPeer(region.getLeader()).build();
          Outcome<T> o = c.run(stub(store.getAddress()), ctx);
          if (o.regionError() == null && (o.error() == null || o.error().isEmpty())) {
            return o.value();
          }
          if (o.regionError() == null) {
            throw new RawClientException(o.error());
          }
          last = o.regionError().getMessage();
        }
      } catch (io.grpc.StatusRuntimeException e) {
        last = e.getStatus().toString();
      }
      sleep(backoff);
      backoff = Math.min(500, backoff * 2);
    }
    throw new RawClientException("gave up after " + deadlineMs + " ms: " + last);
  }

  private TikvGrpc.TikvBlockingStub stub(String address) {
    ManagedChannel ch = stores.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
    return TikvGrpc.newBlockingStub(ch).withDeadlineAfter(Math.min(deadlineMs, 5_000), TimeUnit.MILLISECONDS);
  }

  private PDGrpc.PDBlockingStub pd() {
    return pd.withDeadlineAfter(Math.min(deadlineMs, 5_000), TimeUnit.MILLISECONDS);
  }

  private synchronized Pdpb.RequestHeader header() {
    if (clusterId == 0) {
      clusterId = pd.withDeadlineAfter(5, TimeUnit.SECONDS).getMembers(Pdpb.GetMembersRequest.getDefaultInstance())
          .getHeader().getClusterId();
    }
    return Pdpb.RequestHeader.newBuilder().setClusterId(clusterId).build();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RawClientException("interrupted");
    }
  }

  @Override
  public void close() {
    stores.values().forEach(ManagedChannel::shutdownNow);
    pdChannel.shutdownNow();
  }

  /** A request failed for good (a server error, or no success before the deadline). */
  public static final class RawClientException extends RuntimeException {
    public RawClientException(String message) {
      super(message);
    }
  }
}
