package io.kiln.server.service;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kiln.proto.Kvrpcpb;
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
import io.kiln.proto.RaftServerpb.Done;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.SnapshotChunk;
import io.kiln.proto.TikvGrpc;
import io.kiln.proto.Tikvpb.BatchRaftMessage;
import io.kiln.server.raw.RawKv;
import io.kiln.server.txn.TxnKv;
import io.kiln.server.transport.RaftStreamHandler;
import io.kiln.server.transport.SnapshotStreamHandler;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TiKV's {@code tikvpb.Tikv} service on a store's port: the raw KV API, the transactional API
 * ({@link TxnKv}) and the raft transport
 * ({@code Raft}, {@code BatchRaft}, {@code Snapshot}). Handlers only start work and return: a
 * response is sent from whichever thread completes its future, so gRPC threads never wait for
 * raft. Every other RPC answers UNIMPLEMENTED.
 */
public final class TikvService extends TikvGrpc.TikvImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(TikvService.class);

  private final RawKv raw;
  private final TxnKv txn;
  private final RaftStreamHandler raftStreams;
  private final SnapshotStreamHandler snapshotStreams;

  /** @param txn the transactional RPCs; null (in transport tests) answers them UNIMPLEMENTED */
  public TikvService(RawKv raw, TxnKv txn, RaftStreamHandler raftStreams, SnapshotStreamHandler snapshotStreams) {
    this.raw = raw;
    this.txn = txn;
    this.raftStreams = raftStreams;
    this.snapshotStreams = snapshotStreams;
  }

  @Override
  public void rawGet(RawGetRequest request, StreamObserver<RawGetResponse> response) {
    reply(() -> raw.get(request), response);
  }

  @Override
  public void rawBatchGet(RawBatchGetRequest request, StreamObserver<RawBatchGetResponse> response) {
    reply(() -> raw.batchGet(request), response);
  }

  @Override
  public void rawPut(RawPutRequest request, StreamObserver<RawPutResponse> response) {
    reply(() -> raw.put(request), response);
  }

  @Override
  public void rawBatchPut(RawBatchPutRequest request, StreamObserver<RawBatchPutResponse> response) {
    reply(() -> raw.batchPut(request), response);
  }

  @Override
  public void rawDelete(RawDeleteRequest request, StreamObserver<RawDeleteResponse> response) {
    reply(() -> raw.delete(request), response);
  }

  @Override
  public void rawBatchDelete(RawBatchDeleteRequest request, StreamObserver<RawBatchDeleteResponse> response) {
    reply(() -> raw.batchDelete(request), response);
  }

  @Override
  public void rawScan(RawScanRequest request, StreamObserver<RawScanResponse> response) {
    reply(() -> raw.scan(request), response);
  }

  @Override
  public void rawDeleteRange(RawDeleteRangeRequest request, StreamObserver<RawDeleteRangeResponse> response) {
    reply(() -> raw.deleteRange(request), response);
  }

  @Override
  public void rawGetKeyTTL(RawGetKeyTTLRequest request, StreamObserver<RawGetKeyTTLResponse> response) {
    reply(() -> raw.getKeyTtl(request), response);
  }

  @Override
  public void rawCompareAndSwap(RawCASRequest request, StreamObserver<RawCASResponse> response) {
    reply(() -> raw.compareAndSwap(request), response);
  }

  @Override
  public void kvGet(Kvrpcpb.GetRequest request, StreamObserver<Kvrpcpb.GetResponse> response) {
    txn(() -> txn.get(request), response);
  }

  @Override
  public void kvBatchGet(Kvrpcpb.BatchGetRequest request, StreamObserver<Kvrpcpb.BatchGetResponse> response) {
    txn(() -> txn.batchGet(request), response);
  }

  @Override
  public void kvScan(Kvrpcpb.ScanRequest request, StreamObserver<Kvrpcpb.ScanResponse> response) {
    txn(() -> txn.scan(request), response);
  }

  @Override
  public void kvScanLock(Kvrpcpb.ScanLockRequest request, StreamObserver<Kvrpcpb.ScanLockResponse> response) {
    txn(() -> txn.scanLock(request), response);
  }

  @Override
  public void kvPrewrite(Kvrpcpb.PrewriteRequest request, StreamObserver<Kvrpcpb.PrewriteResponse> response) {
    txn(() -> txn.prewrite(request), response);
  }

  @Override
  public void kvCommit(Kvrpcpb.CommitRequest request, StreamObserver<Kvrpcpb.CommitResponse> response) {
    txn(() -> txn.commit(request), response);
  }

  @Override
  public void kvCleanup(Kvrpcpb.CleanupRequest request, StreamObserver<Kvrpcpb.CleanupResponse> response) {
    txn(() -> txn.cleanup(request), response);
  }

  @Override
  public void kvBatchRollback(Kvrpcpb.BatchRollbackRequest request,
      StreamObserver<Kvrpcpb.BatchRollbackResponse> response) {
    txn(() -> txn.batchRollback(request), response);
  }

  @Override
  public void kvCheckTxnStatus(Kvrpcpb.CheckTxnStatusRequest request,
      StreamObserver<Kvrpcpb.CheckTxnStatusResponse> response) {
    txn(() -> txn.checkTxnStatus(request), response);
  }

  @Override
  public void kvCheckSecondaryLocks(Kvrpcpb.CheckSecondaryLocksRequest request,
      StreamObserver<Kvrpcpb.CheckSecondaryLocksResponse> response) {
    txn(() -> txn.checkSecondaryLocks(request), response);
  }

  @Override
  public void kvResolveLock(Kvrpcpb.ResolveLockRequest request, StreamObserver<Kvrpcpb.ResolveLockResponse> response) {
    txn(() -> txn.resolveLock(request), response);
  }

  @Override
  public void kvTxnHeartBeat(Kvrpcpb.TxnHeartBeatRequest request,
      StreamObserver<Kvrpcpb.TxnHeartBeatResponse> response) {
    txn(() -> txn.txnHeartBeat(request), response);
  }

  @Override
  public void kvPessimisticLock(Kvrpcpb.PessimisticLockRequest request,
      StreamObserver<Kvrpcpb.PessimisticLockResponse> response) {
    txn(() -> txn.pessimisticLock(request), response);
  }

  @Override
  public void kVPessimisticRollback(Kvrpcpb.PessimisticRollbackRequest request,
      StreamObserver<Kvrpcpb.PessimisticRollbackResponse> response) {
    txn(() -> txn.pessimisticRollback(request), response);
  }

  /** A transactional RPC: UNIMPLEMENTED when this service has no transaction layer. */
  private <T> void txn(java.util.function.Supplier<CompletableFuture<T>> call, StreamObserver<T> response) {
    if (txn == null) {
      response.onError(Status.UNIMPLEMENTED.withDescription("no transaction layer on this service")
          .asRuntimeException());
      return;
    }
    reply(call, response);
  }

  @Override
  public StreamObserver<RaftMessage> raft(StreamObserver<Done> response) {
    return raftStreams.raft(response);
  }

  @Override
  public StreamObserver<BatchRaftMessage> batchRaft(StreamObserver<Done> response) {
    return raftStreams.batchRaft(response);
  }

  @Override
  public StreamObserver<SnapshotChunk> snapshot(StreamObserver<Done> response) {
    return snapshotStreams.snapshot(response);
  }

  /**
   * Sends the response when the future completes. Request failures are fields of the response;
   * only a bug fails the future, and that becomes INTERNAL rather than a call left hanging.
   */
  private static <T> void reply(java.util.function.Supplier<CompletableFuture<T>> call, StreamObserver<T> response) {
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((r, e) -> {
      try {
        if (e != null) {
          LOG.error("a request failed unexpectedly", e);
          response.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asRuntimeException());
        } else {
          response.onNext(r);
          response.onCompleted();
        }
      } catch (RuntimeException x) {
        LOG.debug("cannot reply (the call was cancelled?): {}", x.toString());
      }
    });
  }
}
