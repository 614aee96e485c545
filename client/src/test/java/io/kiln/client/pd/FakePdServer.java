package io.kiln.client.pd;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A PD on loopback that answers GetMembers (naming itself leader) and Tso (a fixed physical
 * time, logical counting up by each request's count, answering the LAST timestamp as PD does).
 * The first Tso answer can be held back with {@link #holdFirstTso} to pile up waiters.
 */
final class FakePdServer implements AutoCloseable {

  static final long CLUSTER = 77;
  static final long PHYSICAL = 1_700_000_000_000L;

  final List<Integer> tsoCounts = new CopyOnWriteArrayList<>();
  final CountDownLatch firstTsoReceived = new CountDownLatch(1);
  volatile CountDownLatch releaseFirst = new CountDownLatch(0);
  private long logical;
  private final Server server;

  FakePdServer() throws IOException {
    server = ServerBuilder.forPort(0).addService(new PDGrpc.PDImplBase() {
      @Override
      public void getMembers(Pdpb.GetMembersRequest request, StreamObserver<Pdpb.GetMembersResponse> out) {
        Pdpb.Member me = Pdpb.Member.newBuilder().setName("fake").setMemberId(1)
            .addClientUrls("http://" + address()).build();
        out.onNext(Pdpb.GetMembersResponse.newBuilder()
            .setHeader(Pdpb.ResponseHeader.newBuilder().setClusterId(CLUSTER)).addMembers(me).setLeader(me).build());
        out.onCompleted();
      }

      @Override
      public StreamObserver<Pdpb.TsoRequest> tso(StreamObserver<Pdpb.TsoResponse> out) {
        return new StreamObserver<>() {
          @Override
          public void onNext(Pdpb.TsoRequest r) {
            tsoCounts.add(r.getCount());
            if (tsoCounts.size() == 1) {
              firstTsoReceived.countDown();
              try {
                releaseFirst.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            long last;
            synchronized (FakePdServer.this) {
              logical += r.getCount();
              last = logical;
            }
            out.onNext(Pdpb.TsoResponse.newBuilder()
                .setHeader(Pdpb.ResponseHeader.newBuilder().setClusterId(r.getHeader().getClusterId()))
                .setCount(r.getCount())
                .setTimestamp(Pdpb.Timestamp.newBuilder().setPhysical(PHYSICAL).setLogical(last)).build());
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        };
      }
    }).build().start();
  }

  void holdFirstTso() {
    releaseFirst = new CountDownLatch(1);
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
