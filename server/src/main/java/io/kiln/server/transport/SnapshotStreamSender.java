package io.kiln.server.transport;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kiln.proto.RaftServerpb.Done;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.SnapshotChunk;
import io.kiln.proto.TikvGrpc;
import io.kiln.raftstore.snap.SnapManager;
import io.kiln.raftstore.snap.SnapSender;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one MsgSnapshot with its files over TiKV's {@code Snapshot} client stream, as TiKV does:
 * a channel of its own (a snapshot never queues behind raft messages, nor they behind it), the
 * message in the first chunk, then the files in chunks of {@code snapshotChunkBytes} read from
 * disk as gRPC flow control lets them go, then a wait for the receiver's {@code Done} (sent once
 * the files are checked and the message handed to its store). Runs on a snapshot thread and
 * blocks it; a stream that makes no progress for {@code snapshotIdleTimeoutMs} fails.
 */
final class SnapshotStreamSender {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStreamSender.class);

  private final long fromStoreId;
  private final StoreAddressResolver resolver;
  private final TransportOptions options;

  SnapshotStreamSender(long fromStoreId, StoreAddressResolver resolver, TransportOptions options) {
    this.fromStoreId = fromStoreId;
    this.resolver = resolver;
    this.options = options;
  }

  /** True if the receiving store acknowledged the snapshot. Never throws. */
  boolean send(SnapManager snapManager, RaftMessage msg) {
    long to = msg.getToPeer().getStoreId();
    long timeout = options.snapshotIdleTimeoutMs();
    ManagedChannel channel = null;
    try {
      String address = resolver.resolve(to).get(timeout, TimeUnit.MILLISECONDS);
      channel = Channels.open(address, options);
      try (SnapSender chunks = new SnapSender(snapManager, msg, options.snapshotChunkBytes())) {
        stream(channel, chunks, timeout);
      }
      LOG.debug("store {}: sent snapshot of region {} to store {}", fromStoreId, msg.getRegionId(), to);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.warn("store {}: cannot send the snapshot of region {} (index {}) to store {}: {}", fromStoreId,
          msg.getRegionId(), msg.getMessage().getSnapshot().getMetadata().getIndex(), to, e.toString());
      return false;
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
    }
  }

  private static void stream(ManagedChannel channel, SnapSender chunks, long timeoutMs) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Semaphore readiness = new Semaphore(0);
    ClientResponseObserver<SnapshotChunk, Done> observer = new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<SnapshotChunk> requestStream) {
        requestStream.setOnReadyHandler(readiness::release);
      }

      @Override
      public void onNext(Done value) {}

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
        readiness.release();
      }

      @Override
      public void onCompleted() {
        done.complete(null);
        readiness.release();
      }
    };
    ClientCallStreamObserver<SnapshotChunk> call =
        (ClientCallStreamObserver<SnapshotChunk>) TikvGrpc.newStub(channel).snapshot(observer);
    try {
      while (chunks.hasNext()) {
        while (!call.isReady()) {
          if (done.isDone()) {
            done.get(); // throws the receiver's error
            throw new IllegalStateException("the receiver ended the stream before the snapshot was sent");
          }
          if (!readiness.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("no progress for " + timeoutMs + " ms");
          }
        }
        call.onNext(chunks.next());
      }
      call.onCompleted();
      done.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      call.cancel("snapshot send failed", e);
      throw e;
    }
  }
}
