package io.kiln.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kiln.proto.Eraftpb;
import io.kiln.proto.Metapb;
import io.kiln.proto.RaftServerpb.Done;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.RaftSnapshotData;
import io.kiln.proto.RaftServerpb.SnapshotCFFile;
import io.kiln.proto.RaftServerpb.SnapshotChunk;
import io.kiln.proto.RaftServerpb.SnapshotMeta;
import io.kiln.proto.TikvGrpc;
import io.kiln.proto.Tikvpb.BatchRaftMessage;
import io.kiln.raftstore.snap.SnapManager;
import io.kiln.server.raw.RawKv;
import io.kiln.server.raw.RawKvOptions;
import io.kiln.server.service.TikvService;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the raft transport over a real port, with the store replaced by a list of
 * delivered messages: whole streams are delivered, malformed ones get an error status and leave
 * no files behind, and the server keeps serving.
 */
class RaftStreamsTest {

  @TempDir
  Path snapDir;
  private final List<RaftMessage> delivered = new CopyOnWriteArrayList<>();
  private SnapManager snaps;
  private Server server;
  private ManagedChannel channel;

  /** The refusals this test provokes are logged as warnings; keep the run quiet. */
  @BeforeAll
  static void quiet() {
    for (Class<?> c : List.of(SnapshotStreamHandler.class, RaftStreamHandler.class)) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(c)).setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  @AfterAll
  static void loud() {
    for (Class<?> c : List.of(SnapshotStreamHandler.class, RaftStreamHandler.class)) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(c)).setLevel(null);
    }
  }

  @BeforeEach
  void start() throws IOException {
    snaps = new SnapManager(snapDir);
    RawKv raw = new RawKv(new NoRegions(), RawKvOptions.defaults(), Runnable::run, RawKv::systemSeconds);
    TikvService service = new TikvService(raw, null, new RaftStreamHandler(delivered::add),
        new SnapshotStreamHandler(() -> snaps, delivered::add, 1000, 4));
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static RaftMessage heartbeat(long region) {
    return RaftMessage.newBuilder().setRegionId(region)
        .setFromPeer(Metapb.Peer.newBuilder().setId(101).setStoreId(1))
        .setToPeer(Metapb.Peer.newBuilder().setId(102).setStoreId(2))
        .setMessage(Eraftpb.Message.newBuilder().setMsgType(Eraftpb.MessageType.MsgHeartbeat)).build();
  }

  /** A MsgSnapshot whose one file of CF default declares {@code size} bytes with {@code crc}. */
  private static RaftMessage snapshotMessage(long size, int crc) {
    RaftSnapshotData data = RaftSnapshotData.newBuilder()
        .setMeta(SnapshotMeta.newBuilder().addCfFiles(SnapshotCFFile.newBuilder().setCf("default").setSize(size)
            .setChecksum(crc)))
        .build();
    return RaftMessage.newBuilder().setRegionId(1)
        .setFromPeer(Metapb.Peer.newBuilder().setId(101).setStoreId(1))
        .setToPeer(Metapb.Peer.newBuilder().setId(102).setStoreId(2))
        .setMessage(Eraftpb.Message.newBuilder().setMsgType(Eraftpb.MessageType.MsgSnapshot)
            .setSnapshot(Eraftpb.Snapshot.newBuilder().setData(data.toByteString())
                .setMetadata(Eraftpb.SnapshotMetadata.newBuilder().setIndex(10).setTerm(6))))
        .build();
  }

  /** Streams {@code chunks} and returns the status the server ended the call with. */
  private Status sendSnapshot(List<SnapshotChunk> chunks) throws Exception {
    CompletableFuture<Status> end = new CompletableFuture<>();
    StreamObserver<SnapshotChunk> call = TikvGrpc.newStub(channel).snapshot(new StreamObserver<>() {
      @Override public void onNext(Done value) {}
      @Override public void onError(Throwable t) { end.complete(Status.fromThrowable(t)); }
      @Override public void onCompleted() { end.complete(Status.OK); }
    });
    for (SnapshotChunk c : chunks) {
      call.onNext(c);
    }
    call.onCompleted();
    return end.get(10, TimeUnit.SECONDS);
  }

  private long filesLeft() throws IOException {
    try (Stream<Path> s = Files.list(snapDir)) {
      return s.count();
    }
  }

  @Test
  void raftAndBatchRaftStreamsDeliverEveryMessage() throws Exception {
    CompletableFuture<Status> end = new CompletableFuture<>();
    StreamObserver<Done> done = new StreamObserver<>() {
      @Override public void onNext(Done value) {}
      @Override public void onError(Throwable t) { end.complete(Status.fromThrowable(t)); }
      @Override public void onCompleted() { end.complete(Status.OK); }
    };
    StreamObserver<BatchRaftMessage> batch = TikvGrpc.newStub(channel).batchRaft(done);
    batch.onNext(BatchRaftMessage.newBuilder().addMsgs(heartbeat(1)).addMsgs(heartbeat(2)).build());
    batch.onNext(BatchRaftMessage.newBuilder().addMsgs(heartbeat(3)).build());
    batch.onCompleted();
    assertThat(end.get(10, TimeUnit.SECONDS).isOk()).isTrue();

    CompletableFuture<Status> end2 = new CompletableFuture<>();
    StreamObserver<RaftMessage> single = TikvGrpc.newStub(channel).raft(new StreamObserver<>() {
      @Override public void onNext(Done value) {}
      @Override public void onError(Throwable t) { end2.complete(Status.fromThrowable(t)); }
      @Override public void onCompleted() { end2.complete(Status.OK); }
    });
    single.onNext(heartbeat(4));
    single.onCompleted();
    assertThat(end2.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(delivered).extracting(RaftMessage::getRegionId).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aWholeSnapshotStreamIsDeliveredAndItsFileKept() throws Exception {
    byte[] file = "0123456789".getBytes();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(file);
    Status s = sendSnapshot(List.of(
        SnapshotChunk.newBuilder().setMessage(snapshotMessage(10, (int) crc.getValue())).build(),
        SnapshotChunk.newBuilder().setData(ByteString.copyFrom(file, 0, 4)).build(),
        SnapshotChunk.newBuilder().setData(ByteString.copyFrom(file, 4, 6)).build()));
    assertThat(s.isOk()).as("%s", s).isTrue();
    assertThat(delivered).hasSize(1);
    assertThat(filesLeft()).isEqualTo(2); // the file and its meta, for the store to apply
  }

  @Test
  void aStreamNotStartingWithTheMessageIsRefused() throws Exception {
    Status s = sendSnapshot(List.of(SnapshotChunk.newBuilder().setData(ByteString.copyFromUtf8("junk")).build()));
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("first snapshot chunk must carry a MsgSnapshot");
    assertThat(delivered).isEmpty();
  }

  @Test
  void aSnapshotLargerThanTheLimitIsRefusedAtItsFirstChunk() throws Exception {
    Status s = sendSnapshot(List.of(SnapshotChunk.newBuilder().setMessage(snapshotMessage(5000, 0)).build()));
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("more than the limit of 1000");
    assertThat(filesLeft()).isZero();
  }

  @Test
  void aTruncatedOrCorruptStreamLeavesNoFiles() throws Exception {
    Status early = sendSnapshot(List.of(
        SnapshotChunk.newBuilder().setMessage(snapshotMessage(10, 0)).build(),
        SnapshotChunk.newBuilder().setData(ByteString.copyFromUtf8("0123")).build()));
    assertThat(early.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(early.getDescription()).contains("ended early");
    Status corrupt = sendSnapshot(List.of(
        SnapshotChunk.newBuilder().setMessage(snapshotMessage(10, 12345)).build(),
        SnapshotChunk.newBuilder().setData(ByteString.copyFromUtf8("0123456789")).build()));
    assertThat(corrupt.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(corrupt.getDescription()).contains("checksum mismatch");
    assertThat(filesLeft()).isZero();
    assertThat(delivered).isEmpty();
    // the server still serves
    assertThat(sendSnapshot(List.of(SnapshotChunk.getDefaultInstance())).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void aMessageTheStoreRefusesEndsOnlyThatStream() throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    channel.shutdownNow();
    RaftStreamHandler refusing = new RaftStreamHandler(m -> {
      if (m.getRegionId() == 666) {
        throw new IllegalStateException("corrupted state of region 666");
      }
      delivered.add(m);
    });
    RawKv raw = new RawKv(new NoRegions(), RawKvOptions.defaults(), Runnable::run, RawKv::systemSeconds);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new TikvService(raw, null, refusing, new SnapshotStreamHandler(() -> snaps, delivered::add, 1000, 4)))
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    CompletableFuture<Status> end = new CompletableFuture<>();
    StreamObserver<RaftMessage> call = TikvGrpc.newStub(channel).raft(new StreamObserver<>() {
      @Override public void onNext(Done value) {}
      @Override public void onError(Throwable t) { end.complete(Status.fromThrowable(t)); }
      @Override public void onCompleted() { end.complete(Status.OK); }
    });
    call.onNext(heartbeat(666));
    assertThat(end.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    CompletableFuture<Status> next = new CompletableFuture<>();
    StreamObserver<RaftMessage> again = TikvGrpc.newStub(channel).raft(new StreamObserver<>() {
      @Override public void onNext(Done value) {}
      @Override public void onError(Throwable t) { next.complete(Status.fromThrowable(t)); }
      @Override public void onCompleted() { next.complete(Status.OK); }
    });
    again.onNext(heartbeat(5));
    again.onCompleted();
    assertThat(next.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(delivered).extracting(RaftMessage::getRegionId).containsExactly(5L);
  }

  /** A RaftKv with no region at all: the raw API is not under test here. */
  private static final class NoRegions implements io.kiln.raftstore.kv.RaftKv {
    @Override
    public CompletableFuture<Void> asyncWrite(io.kiln.proto.Kvrpcpb.Context ctx, List<io.kiln.raftstore.kv.Modify> m) {
      return CompletableFuture.failedFuture(new io.kiln.raftstore.kv.RegionErrorException(
          io.kiln.raftstore.RegionErrors.regionNotFound(ctx.getRegionId())));
    }

    @Override
    public CompletableFuture<io.kiln.raftstore.kv.RegionSnapshot> asyncSnapshot(io.kiln.proto.Kvrpcpb.Context ctx) {
      return CompletableFuture.failedFuture(new io.kiln.raftstore.kv.RegionErrorException(
          io.kiln.raftstore.RegionErrors.regionNotFound(ctx.getRegionId())));
    }
  }
}
