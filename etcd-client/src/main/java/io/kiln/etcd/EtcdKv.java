package io.kiln.etcd;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.kiln.etcd.proto.Compare;
import io.kiln.etcd.proto.KVGrpc;
import io.kiln.etcd.proto.PutRequest;
import io.kiln.etcd.proto.RangeRequest;
import io.kiln.etcd.proto.RangeResponse;
import io.kiln.etcd.proto.RequestOp;
import io.kiln.etcd.proto.TxnRequest;
import io.kiln.etcd.proto.TxnResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocking Range/Put/Txn against an etcd v3 cluster. Each call goes to the next endpoint in turn
 * (followers forward writes and linearizable reads to the leader, as etcd's own clients rely on).
 * Reads are linearizable, etcd's default. Failures surface as {@link EtcdException}.
 */
public final class EtcdKv implements AutoCloseable {

  /** etcd's "every key from {@code key} on" range end (a single zero byte). */
  private static final ByteString TO_THE_END = ByteString.copyFrom(new byte[] {0});

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<KVGrpc.KVBlockingStub> stubs = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final long deadlineMs;

  /** {@code endpoints}: host:port of each member's client URL (an http:// prefix is accepted). */
  public EtcdKv(List<String> endpoints, long deadlineMs) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoint");
    }
    for (String e : endpoints) {
      ManagedChannel ch = ManagedChannelBuilder.forTarget(e.trim().replaceFirst("^https?://", "")).usePlaintext().build();
      channels.add(ch);
      stubs.add(KVGrpc.newBlockingStub(ch));
    }
    this.deadlineMs = deadlineMs;
  }

  public void put(byte[] key, byte[] value) {
    try {
      stub().put(PutRequest.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)).build());
    } catch (StatusRuntimeException e) {
      throw new EtcdException("put: " + e.getStatus(), e);
    }
  }

  public Optional<byte[]> get(byte[] key) {
    RangeResponse r = range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(key)).build());
    return r.getKvsCount() == 0 ? Optional.empty() : Optional.of(r.getKvs(0).getValue().toByteArray());
  }

  /** How many pairs a scan of up to {@code limit} keys from {@code start} returned. */
  public int scan(byte[] start, int limit) {
    return range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(start)).setRangeEnd(TO_THE_END)
        .setLimit(limit).build()).getKvsCount();
  }

  /**
   * Reads two keys, then writes both in one Txn guarded by their mod revisions (optimistic
   * concurrency, as etcd's STM does). Returns false when another writer got there first.
   */
  public boolean transfer(byte[] from, byte[] to, byte[] fromValue, byte[] toValue) {
    long fromRev = modRevision(from);
    long toRev = modRevision(to);
    TxnRequest txn = TxnRequest.newBuilder()
        .addCompare(sameRevision(from, fromRev))
        .addCompare(sameRevision(to, toRev))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
            .setKey(ByteString.copyFrom(from)).setValue(ByteString.copyFrom(fromValue))))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
            .setKey(ByteString.copyFrom(to)).setValue(ByteString.copyFrom(toValue))))
        .build();
    try {
      TxnResponse r = stub().txn(txn);
      return r.getSucceeded();
    } catch (StatusRuntimeException e) {
      throw new EtcdException("txn: " + e.getStatus(), e);
    }
  }

  private long modRevision(byte[] key) {
    RangeResponse r = range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(key)).setKeysOnly(true).build());
    return r.getKvsCount() == 0 ? 0 : r.getKvs(0).getModRevision();
  }

  private static Compare sameRevision(byte[] key, long revision) {
    return Compare.newBuilder().setKey(ByteString.copyFrom(key)).setTarget(Compare.CompareTarget.MOD)
        .setResult(Compare.CompareResult.EQUAL).setModRevision(revision).build();
  }

  private RangeResponse range(RangeRequest request) {
    try {
      return stub().range(request);
    } catch (StatusRuntimeException e) {
      throw new EtcdException("range: " + e.getStatus(), e);
    }
  }

  private KVGrpc.KVBlockingStub stub() {
    int i = Math.floorMod(next.getAndIncrement(), stubs.size());
    return stubs.get(i).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }

  /** A request that etcd refused or that did not finish before the deadline. */
  public static final class EtcdException extends RuntimeException {
    public EtcdException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
