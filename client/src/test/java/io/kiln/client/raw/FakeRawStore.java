package io.kiln.client.raw;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kiln.client.codec.Keys;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;
import io.kiln.proto.TikvGrpc;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Several regions' leaders behind one loopback address: raw get/put/batch/scan/delete-range on a
 * shared map, with the region checks a store makes (NotLeader naming the true leader when the
 * request went to another store, KeyNotInRegion). Records each request as "method:regionId".
 */
final class FakeRawStore implements AutoCloseable {

  private final NavigableMap<byte[], byte[]> data = new ConcurrentSkipListMap<>(Keys.ORDER);
  private final Map<Long, Metapb.Region> regions = new ConcurrentHashMap<>();
  private final Map<Long, Metapb.Peer> leaders = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeRawStore() throws IOException {
    server = ServerBuilder.forPort(0).addService(new Service()).build().start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  void setRegion(Metapb.Region region, Metapb.Peer leader) {
    regions.put(region.getId(), region);
    leaders.put(region.getId(), leader);
  }

  /** A region error for a request to region {@code ctx} about {@code keys}, or null. */
  private Errorpb.Error check(Kvrpcpb.Context ctx, List<ByteString> keys) {
    Metapb.Region region = regions.get(ctx.getRegionId());
    if (region == null) {
      return Errorpb.Error.newBuilder().setRegionNotFound(Errorpb.RegionNotFound.newBuilder()
          .setRegionId(ctx.getRegionId())).build();
    }
    Metapb.Peer leader = leaders.get(region.getId());
    if (ctx.getPeer().getStoreId() != leader.getStoreId()) {
      return Errorpb.Error.newBuilder().setNotLeader(Errorpb.NotLeader.newBuilder().setRegionId(region.getId())
          .setLeader(leader)).build();
    }
    for (ByteString k : keys) {
      if (!Keys.inRange(k.toByteArray(), region.getStartKey().toByteArray(), region.getEndKey().toByteArray())) {
        return Errorpb.Error.newBuilder().setKeyNotInRegion(Errorpb.KeyNotInRegion.newBuilder().setKey(k)
            .setRegionId(region.getId())).build();
      }
    }
    return null;
  }

  private final class Service extends TikvGrpc.TikvImplBase {

    @Override
    public void rawGet(Kvrpcpb.RawGetRequest r, StreamObserver<Kvrpcpb.RawGetResponse> out) {
      requests.add("get:" + r.getContext().getRegionId());
      Kvrpcpb.RawGetResponse.Builder b = Kvrpcpb.RawGetResponse.newBuilder();
      Errorpb.Error e = check(r.getContext(), List.of(r.getKey()));
      if (e != null) {
        b.setRegionError(e);
      } else {
        byte[] v = data.get(r.getKey().toByteArray());
        if (v == null) {
          b.setNotFound(true);
        } else {
          b.setValue(ByteString.copyFrom(v));
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void rawBatchPut(Kvrpcpb.RawBatchPutRequest r, StreamObserver<Kvrpcpb.RawBatchPutResponse> out) {
      requests.add("batchPut:" + r.getContext().getRegionId());
      Kvrpcpb.RawBatchPutResponse.Builder b = Kvrpcpb.RawBatchPutResponse.newBuilder();
      Errorpb.Error e = check(r.getContext(), r.getPairsList().stream().map(Kvrpcpb.KvPair::getKey).toList());
      if (e != null) {
        b.setRegionError(e);
      } else {
        for (Kvrpcpb.KvPair p : r.getPairsList()) {
          data.put(p.getKey().toByteArray(), p.getValue().toByteArray());
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void rawBatchGet(Kvrpcpb.RawBatchGetRequest r, StreamObserver<Kvrpcpb.RawBatchGetResponse> out) {
      requests.add("batchGet:" + r.getContext().getRegionId());
      Kvrpcpb.RawBatchGetResponse.Builder b = Kvrpcpb.RawBatchGetResponse.newBuilder();
      Errorpb.Error e = check(r.getContext(), r.getKeysList());
      if (e != null) {
        b.setRegionError(e);
      } else {
        for (ByteString k : r.getKeysList()) {
          byte[] v = data.get(k.toByteArray());
          if (v != null) {
            b.addPairs(Kvrpcpb.KvPair.newBuilder().setKey(k).setValue(ByteString.copyFrom(v)));
          }
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void rawScan(Kvrpcpb.RawScanRequest r, StreamObserver<Kvrpcpb.RawScanResponse> out) {
      requests.add("scan:" + r.getContext().getRegionId());
      Kvrpcpb.RawScanResponse.Builder b = Kvrpcpb.RawScanResponse.newBuilder();
      Errorpb.Error e = check(r.getContext(), List.of(r.getStartKey()));
      if (e != null) {
        b.setRegionError(e);
      } else {
        Metapb.Region region = regions.get(r.getContext().getRegionId());
        byte[] end = r.getEndKey().toByteArray();
        byte[] regionEnd = region.getEndKey().toByteArray();
        for (Map.Entry<byte[], byte[]> kv : data.tailMap(r.getStartKey().toByteArray(), true).entrySet()) {
          if (b.getKvsCount() >= r.getLimit() || (end.length > 0 && !Keys.less(kv.getKey(), end))
              || (regionEnd.length > 0 && !Keys.less(kv.getKey(), regionEnd))) {
            break;
          }
          b.addKvs(Kvrpcpb.KvPair.newBuilder().setKey(ByteString.copyFrom(kv.getKey()))
              .setValue(r.getKeyOnly() ? ByteString.EMPTY : ByteString.copyFrom(kv.getValue())));
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void rawDeleteRange(Kvrpcpb.RawDeleteRangeRequest r, StreamObserver<Kvrpcpb.RawDeleteRangeResponse> out) {
      requests.add("deleteRange:" + r.getContext().getRegionId());
      Kvrpcpb.RawDeleteRangeResponse.Builder b = Kvrpcpb.RawDeleteRangeResponse.newBuilder();
      Errorpb.Error e = check(r.getContext(), List.of(r.getStartKey()));
      Metapb.Region region = regions.get(r.getContext().getRegionId());
      if (e == null && !region.getEndKey().isEmpty() && (r.getEndKey().isEmpty()
          || Keys.less(region.getEndKey().toByteArray(), r.getEndKey().toByteArray()))) {
        e = Errorpb.Error.newBuilder().setKeyNotInRegion(Errorpb.KeyNotInRegion.newBuilder().setKey(r.getEndKey())
            .setRegionId(region.getId())).build();
      }
      if (e != null) {
        b.setRegionError(e);
      } else {
        byte[] start = r.getStartKey().toByteArray();
        if (r.getEndKey().isEmpty()) {
          data.tailMap(start, true).clear();
        } else {
          data.subMap(start, true, r.getEndKey().toByteArray(), false).clear();
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
