package io.kiln.client.pd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kiln.client.backoff.BackoffKind;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.backoff.Backoffs;
import io.kiln.client.error.KilnClientException;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Timestamps over PD's {@code Tso} bidirectional stream, batched: one thread takes every waiter
 * queued so far, sends one {@code TsoRequest} with {@code count = n}, and hands out the {@code n}
 * timestamps of the answer. PD answers with the LAST timestamp of the batch, so waiter {@code i}
 * (from 0) gets logical {@code logical - n + 1 + i}, as client-go's tso dispatcher computes it.
 * While one request is in flight, new waiters queue up and share the next one. A broken stream is
 * reopened (on the leader found again) and the batch retried until the PD timeout.
 */
final class TsoBatcher implements AutoCloseable {

  /** PD refuses counts of 2^18 and more (the logical part would overflow). */
  static final int MAX_BATCH = 1 << 16;

  private final PdLeaderConnection connection;
  private final Backoffs backoffs;
  private final long timeoutMs;
  private final BlockingQueue<CompletableFuture<Long>> pending = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  private PdLeaderConnection.Leader streamLeader;
  private StreamObserver<Pdpb.TsoRequest> requests;
  private BlockingQueue<Object> responses;

  TsoBatcher(PdLeaderConnection connection, Backoffs backoffs, long timeoutMs) {
    this.connection = connection;
    this.backoffs = backoffs;
    this.timeoutMs = timeoutMs;
    this.thread = new Thread(this::run, "kiln-client-tso");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  CompletableFuture<Long> next() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new KilnClientException("the PD client is closed"));
      return f;
    }
    pending.add(f);
    return f;
  }

  private void run() {
    while (!closed) {
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      try {
        batch.add(pending.take());
      } catch (InterruptedException e) {
        break;
      }
      pending.drainTo(batch, MAX_BATCH - 1);
      serve(batch);
    }
    closeStream();
    KilnClientException gone = new KilnClientException("the PD client is closed");
    for (CompletableFuture<Long> f = pending.poll(); f != null; f = pending.poll()) {
      f.completeExceptionally(gone);
    }
  }

  private void serve(List<CompletableFuture<Long>> batch) {
    Backoffer backoffer = backoffs.start("GetTimestamp", timeoutMs);
    while (true) {
      try {
        long[] answer = request(batch.size());
        long physical = answer[0];
        long first = answer[1] - batch.size() + 1;
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).complete(Timestamps.compose(physical, first + i));
        }
        return;
      } catch (StatusRuntimeException | KilnClientException e) {
        closeStream();
        if (closed) {
          fail(batch, new KilnClientException("the PD client is closed", e));
          return;
        }
        try {
          backoffer.backoff(BackoffKind.PD_RPC, "tso: " + e.getMessage(), e);
        } catch (KilnClientException x) {
          fail(batch, x);
          return;
        }
      } catch (InterruptedException e) {
        fail(batch, new KilnClientException("the PD client is closed", e));
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Sends one request for {@code count} timestamps; returns {physical, last logical}. */
  private long[] request(int count) throws InterruptedException {
    ensureStream();
    requests.onNext(Pdpb.TsoRequest.newBuilder()
        .setHeader(Pdpb.RequestHeader.newBuilder().setClusterId(streamLeader.clusterId()))
        .setCount(count).build());
    Object r = responses.poll(timeoutMs, TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new KilnClientException("no tso answer from " + streamLeader.address() + " in " + timeoutMs + " ms");
    }
    if (r instanceof StatusRuntimeException e) {
      throw e;
    }
    if (r instanceof Throwable t) {
      throw Status.fromThrowable(t).asRuntimeException();
    }
    Pdpb.TsoResponse response = (Pdpb.TsoResponse) r;
    if (response.getHeader().hasError() && response.getHeader().getError().getType() != Pdpb.ErrorType.OK) {
      throw new KilnClientException("tso error: " + response.getHeader().getError().getMessage());
    }
    if (response.getCount() != count) {
      throw new KilnClientException("tso answered " + response.getCount() + " timestamps, asked " + count);
    }
    return new long[] {response.getTimestamp().getPhysical(), response.getTimestamp().getLogical()};
  }

  private void ensureStream() {
    if (requests != null) {
      return;
    }
    PdLeaderConnection.Leader leader = connection.leader();
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    StreamObserver<Pdpb.TsoResponse> observer = new StreamObserver<>() {
      @Override
      public void onNext(Pdpb.TsoResponse value) {
        queue.add(value);
      }

      @Override
      public void onError(Throwable t) {
        queue.add(t);
      }

      @Override
      public void onCompleted() {
        queue.add(Status.UNAVAILABLE.withDescription("tso stream closed by PD").asRuntimeException());
      }
    };
    requests = PDGrpc.newStub(leader.channel()).tso(observer);
    responses = queue;
    streamLeader = leader;
  }

  private void closeStream() {
    if (requests != null) {
      try {
        requests.onCompleted();
      } catch (RuntimeException ignored) {
        // the stream is already broken
      }
      connection.reset(streamLeader);
    }
    requests = null;
    responses = null;
  }

  private static void fail(List<CompletableFuture<Long>> batch, Throwable t) {
    for (CompletableFuture<Long> f : batch) {
      f.completeExceptionally(t);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
