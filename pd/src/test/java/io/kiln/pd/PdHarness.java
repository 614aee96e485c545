package io.kiln.pd;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.clock.FakePdClock;
import io.kiln.pd.cluster.TestRegions;
import io.kiln.proto.Metapb;
import io.kiln.proto.PDGrpc;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A PdServer on a free localhost port over a MemoryKvEngine and a fake clock, with a real gRPC
 * channel to it; {@link #restart()} starts a new server over the same engine.
 */
final class PdHarness implements AutoCloseable {

  static final long T0 = 1_700_000_000_000L;

  final MemoryKvEngine engine = new MemoryKvEngine();
  final FakePdClock clock = new FakePdClock(T0);
  private final UnaryOperator<PdConfig> configure;
  PdServer server;
  ManagedChannel channel;
  Pdpb.RequestHeader header;

  PdHarness() {
    this(c -> c);
  }

  PdHarness(UnaryOperator<PdConfig> configure) {
    this.configure = configure;
    start();
  }

  private void start() {
    server = new PdServer(configure.apply(PdConfig.defaults().withPort(0)), engine, clock).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    header = Pdpb.RequestHeader.newBuilder().setClusterId(server.clusterId()).build();
  }

  /** A blocking stub with a deadline, so a missing answer fails the test instead of hanging it. */
  PDGrpc.PDBlockingStub pd() {
    return PDGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  PDGrpc.PDStub async() {
    return PDGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  void restart() {
    stop();
    start();
  }

  private void stop() {
    channel.shutdownNow();
    server.close();
  }

  @Override
  public void close() {
    stop();
    engine.close();
  }

  // --- a cluster to talk about: store 1 bootstrapped with region 2 (peer 3), as TiKV does it ---

  void bootstrap() {
    // as TiKV does: the store, region and peer ids come from AllocID (1, 2, 3 on a new PD)
    for (long expected = 1; expected <= 3; expected++) {
      long id = pd().allocID(Pdpb.AllocIDRequest.newBuilder().setHeader(header).build()).getId();
      if (id != expected) {
        throw new AssertionError("bootstrap on a used PD: id " + id);
      }
    }
    Pdpb.BootstrapResponse response = pd().bootstrap(Pdpb.BootstrapRequest.newBuilder()
        .setHeader(header)
        .setStore(TestRegions.store(1, "127.0.0.1:20160"))
        .setRegion(TestRegions.region(2, "", "", 1, 1, TestRegions.peer(3, 1)))
        .build());
    if (response.getHeader().hasError()) {
      throw new AssertionError("bootstrap failed: " + response.getHeader().getError());
    }
  }

  /** Registers store {@code id} and sends it a heartbeat, so it is live. */
  void liveStore(long id) {
    Pdpb.PutStoreResponse put = pd().putStore(Pdpb.PutStoreRequest.newBuilder()
        .setHeader(header).setStore(TestRegions.store(id, "127.0.0.1:" + (20160 + id))).build());
    if (put.getHeader().hasError()) {
      throw new AssertionError("put store failed: " + put.getHeader().getError());
    }
    storeHeartbeat(id);
  }

  Pdpb.StoreHeartbeatResponse storeHeartbeat(long id) {
    return pd().storeHeartbeat(Pdpb.StoreHeartbeatRequest.newBuilder()
        .setHeader(header).setStats(Pdpb.StoreStats.newBuilder().setStoreId(id)).build());
  }

  Pdpb.RegionHeartbeatRequest heartbeat(Metapb.Region region, Metapb.Peer leader, long term) {
    return Pdpb.RegionHeartbeatRequest.newBuilder()
        .setHeader(header).setRegion(region).setLeader(leader).setTerm(term).build();
  }

  HeartbeatStream heartbeats() {
    return new HeartbeatStream(async(), header);
  }

  Pdpb.GetRegionResponse getRegion(String key) {
    return pd().getRegion(Pdpb.GetRegionRequest.newBuilder().setHeader(header).setRegionKey(TestRegions.key(key)).build());
  }

  /** A RegionHeartbeat stream whose responses queue up for the test. */
  static final class HeartbeatStream implements AutoCloseable {

    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final StreamObserver<Pdpb.RegionHeartbeatRequest> requests;
    private final Pdpb.RequestHeader header;

    HeartbeatStream(PDGrpc.PDStub stub, Pdpb.RequestHeader header) {
      this.header = header;
      requests = stub.regionHeartbeat(new StreamObserver<>() {
        @Override
        public void onNext(Pdpb.RegionHeartbeatResponse value) {
          received.add(value);
        }

        @Override
        public void onError(Throwable t) {
          received.add(t);
        }

        @Override
        public void onCompleted() {
          received.add("completed");
        }
      });
    }

    void send(Pdpb.RegionHeartbeatRequest request) {
      requests.onNext(request);
    }

    /**
     * Waits until PD has handled every heartbeat sent so far (the stream is handled in order, so
     * an invalid heartbeat sent now is answered after all of them) and returns the responses to
     * those heartbeats.
     */
    List<Pdpb.RegionHeartbeatResponse> sync() throws InterruptedException {
      requests.onNext(Pdpb.RegionHeartbeatRequest.newBuilder()
          .setHeader(header)
          .setRegion(Metapb.Region.getDefaultInstance())
          .setLeader(TestRegions.peer(1, 1))
          .build());
      List<Pdpb.RegionHeartbeatResponse> before = new ArrayList<>();
      while (true) {
        Pdpb.RegionHeartbeatResponse response = next();
        if (response.getHeader().getError().getMessage().contains("region id is 0")) {
          return before;
        }
        before.add(response);
      }
    }

    /** The next response; fails after 10 s. */
    Pdpb.RegionHeartbeatResponse next() throws InterruptedException {
      Object item = received.poll(10, TimeUnit.SECONDS);
      if (!(item instanceof Pdpb.RegionHeartbeatResponse response)) {
        throw new AssertionError("expected a heartbeat response, got " + item);
      }
      return response;
    }

    @Override
    public void close() {
      requests.onCompleted();
    }
  }
}
