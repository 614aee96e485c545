package io.kiln.pd;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PdServerTsoTest {

  private final PdHarness pd = new PdHarness();

  @AfterEach
  void close() {
    pd.close();
  }

  private Pdpb.TsoRequest request(int count) {
    return Pdpb.TsoRequest.newBuilder().setHeader(pd.header).setCount(count).build();
  }

  private static long compose(Pdpb.Timestamp ts) {
    return ts.getPhysical() << 18 | ts.getLogical();
  }

  /** Sends {@code requests} on one stream and collects every answer. */
  private List<Pdpb.TsoResponse> onOneStream(List<Pdpb.TsoRequest> requests) throws Exception {
    List<Pdpb.TsoResponse> responses = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<Pdpb.TsoRequest> stream = pd.async().tso(new StreamObserver<>() {
      @Override
      public void onNext(Pdpb.TsoResponse value) {
        synchronized (responses) {
          responses.add(value);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    requests.forEach(stream::onNext);
    stream.onCompleted();
    done.get(30, TimeUnit.SECONDS);
    synchronized (responses) {
      return List.copyOf(responses);
    }
  }

  @Test
  void aThousandRequestsOnOneStreamGetStrictlyIncreasingTimestamps() throws Exception {
    List<Pdpb.TsoRequest> requests = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      requests.add(request(1 + i % 3));
    }

    List<Pdpb.TsoResponse> responses = onOneStream(requests);

    assertThat(responses).hasSize(1000);
    long last = -1;
    for (int i = 0; i < 1000; i++) {
      Pdpb.TsoResponse response = responses.get(i);
      assertThat(response.getHeader().hasError()).isFalse();
      assertThat(response.getHeader().getClusterId()).isEqualTo(pd.server.clusterId());
      assertThat(response.getCount()).isEqualTo(1 + i % 3);
      long ts = compose(response.getTimestamp());
      assertThat(ts - response.getCount() + 1).as("first of the batch after the last answer").isGreaterThan(last);
      last = ts;
    }
  }

  @Test
  void oneRequestThenAHalfCloseGetsExactlyOneReplyAndAnOkClose() throws Exception {
    ClientCall<Pdpb.TsoRequest, Pdpb.TsoResponse> call = pd.channel.newCall(PDGrpc.getTsoMethod(),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    List<Pdpb.TsoResponse> replies = new ArrayList<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    CountDownLatch ended = new CountDownLatch(1);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Pdpb.TsoResponse message) {
        synchronized (replies) {
          replies.add(message);
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
        ended.countDown();
      }
    }, new Metadata());
    call.request(10);
    call.sendMessage(request(1));
    call.halfClose();

    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(closed.get().isOk()).as("status %s", closed.get()).isTrue();
    synchronized (replies) {
      assertThat(replies).hasSize(1);
      assertThat(replies.get(0).getHeader().hasError()).isFalse();
    }
  }

  @Test
  void tikvClientJavasBlockingUnaryCallOnTheStreamWorks() {
    long last = -1;
    for (int i = 0; i < 20; i++) {
      Pdpb.TsoResponse response = ClientCalls.blockingUnaryCall(pd.channel, PDGrpc.getTsoMethod(),
          CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request(1));
      long ts = compose(response.getTimestamp());
      assertThat(ts).isGreaterThan(last);
      last = ts;
    }
  }

  @Test
  void timestampsKeepIncreasingAcrossARestartWithTheClockGoingBackwards() throws Exception {
    pd.clock.advance(5_000);
    List<Pdpb.TsoResponse> before = onOneStream(List.of(request(1), request(100)));
    long lastBefore = compose(before.get(1).getTimestamp());

    pd.clock.advance(-3_600_000);
    pd.restart();
    List<Pdpb.TsoResponse> after = onOneStream(List.of(request(1), request(1)));

    assertThat(compose(after.get(0).getTimestamp())).isGreaterThan(lastBefore);
    assertThat(compose(after.get(1).getTimestamp())).isGreaterThan(compose(after.get(0).getTimestamp()));
  }

  @Test
  void aWrongClusterIdOrAZeroCountGetsAnErrorHeaderAndTheStreamGoesOn() throws Exception {
    Pdpb.TsoRequest wrongCluster = Pdpb.TsoRequest.newBuilder()
        .setHeader(Pdpb.RequestHeader.newBuilder().setClusterId(pd.server.clusterId() + 1)).setCount(1).build();

    List<Pdpb.TsoResponse> responses = onOneStream(List.of(wrongCluster, request(0), request(1)));

    assertThat(responses).hasSize(3);
    assertThat(responses.get(0).getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.UNKNOWN);
    assertThat(responses.get(0).getHeader().getError().getMessage()).contains("mismatch cluster id");
    assertThat(responses.get(0).getHeader().getClusterId()).isEqualTo(pd.server.clusterId());
    assertThat(responses.get(1).getHeader().hasError()).isTrue();
    assertThat(responses.get(2).getHeader().hasError()).isFalse();
    assertThat(responses.get(2).getTimestamp().getPhysical()).isEqualTo(PdHarness.T0);
  }
}
