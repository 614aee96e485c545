package io.kiln.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kiln.proto.Eraftpb;
import io.kiln.proto.Metapb;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.server.raw.RawKv;
import io.kiln.server.raw.RawKvOptions;
import io.kiln.server.service.TikvService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sending side: batching per flush, never blocking, dropping and reconnecting to a moved store. */
class GrpcTransportTest {

  @TempDir
  Path snapDir;
  private final List<RaftMessage> received = new CopyOnWriteArrayList<>();
  private final StaticStoreAddressResolver resolver = new StaticStoreAddressResolver();
  private Server store2;
  private GrpcTransport transport;

  @AfterEach
  void stop() throws InterruptedException {
    if (transport != null) {
      transport.close();
    }
    if (store2 != null) {
      store2.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A server for store 2 that records what reaches it. */
  private Server startStore2() throws IOException {
    var snaps = new io.kiln.raftstore.snap.SnapManager(snapDir);
    TikvService service = new TikvService(
        new RawKv(new FakeNoRaftKv(), RawKvOptions.defaults(), Runnable::run, RawKv::systemSeconds), null,
        new RaftStreamHandler(received::add), new SnapshotStreamHandler(() -> snaps, received::add, 1 << 20, 2));
    Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
    resolver.put(2, "127.0.0.1:" + s.getPort());
    return s;
  }

  private static RaftMessage msg(long index) {
    return RaftMessage.newBuilder().setRegionId(1)
        .setFromPeer(Metapb.Peer.newBuilder().setId(101).setStoreId(1))
        .setToPeer(Metapb.Peer.newBuilder().setId(102).setStoreId(2))
        .setMessage(Eraftpb.Message.newBuilder().setMsgType(Eraftpb.MessageType.MsgHeartbeat).setCommit(index))
        .build();
  }

  private static void await(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void messagesOfARoundArriveInOrderBatched() throws Exception {
    store2 = startStore2();
    transport = new GrpcTransport(1, resolver, TransportOptions.defaults());
    // the first flush connects; messages wait in the queue meanwhile
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 50; i++) {
        transport.send(msg(round * 50 + i));
      }
      transport.flush();
    }
    await("every message arrives", () -> received.size() == 500);
    assertThat(received).extracting(m -> m.getMessage().getCommit()).isSorted().doesNotHaveDuplicates();
    TransportStats stats = transport.stats();
    assertThat(stats.messagesSent()).isEqualTo(500);
    assertThat(stats.batchesSent()).isLessThanOrEqualTo(50);
    assertThat(stats.messagesDropped()).isZero();
  }

  @Test
  void anUnreachableStoreNeverBlocksTheSenderAndItsMessagesAreDropped() throws Exception {
    resolver.put(2, "127.0.0.1:1"); // nothing listens there
    transport = new GrpcTransport(1, resolver, TransportOptions.defaults().withQueueCapacity(100)
        .withReconnectBackoff(50, 100));
    java.util.Set<Long> unreachable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    transport.onUnreachable(unreachable::add);
    long start = System.nanoTime();
    for (int i = 0; i < 20_000; i++) {
      transport.send(msg(i));
      if (i % 100 == 0) {
        transport.flush();
      }
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("sending took").isLessThan(5_000);
    await("the failed stream is noticed", () -> transport.stats().streamFailures() > 0);
    assertThat(transport.stats().messagesDropped()).isPositive();
    assertThat(transport.stats().messagesSent()).isZero();
    await("store 2 is reported unreachable", () -> unreachable.contains(2L));
  }

  @Test
  void aStoreThatMovesToAnotherPortIsFoundAgain() throws Exception {
    store2 = startStore2();
    transport = new GrpcTransport(1, resolver, TransportOptions.defaults().withReconnectBackoff(20, 100));
    transport.send(msg(1));
    transport.flush();
    await("the first message arrives", () -> received.size() == 1);
    store2.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    store2 = startStore2(); // a new port, and the resolver knows it
    // raft resends; so does this test, each round, until a message gets through
    long i = 2;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.size() < 2) {
      assertThat(System.nanoTime()).as("reconnected in time").isLessThan(deadline);
      transport.send(msg(i++));
      transport.flush();
      Thread.sleep(20);
    }
    assertThat(transport.stats().streamFailures()).isPositive();
  }

  /** No regions: the raw API is not under test here. */
  private static final class FakeNoRaftKv implements io.kiln.raftstore.kv.RaftKv {
    @Override
    public java.util.concurrent.CompletableFuture<Void> asyncWrite(io.kiln.proto.Kvrpcpb.Context ctx,
        List<io.kiln.raftstore.kv.Modify> modifies) {
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no regions"));
    }

    @Override
    public java.util.concurrent.CompletableFuture<io.kiln.raftstore.kv.RegionSnapshot> asyncSnapshot(
        io.kiln.proto.Kvrpcpb.Context ctx) {
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no regions"));
    }
  }
}
