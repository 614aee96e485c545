package io.kiln.server.transport;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kiln.proto.RaftServerpb.Done;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.SnapshotChunk;
import io.kiln.raftstore.snap.SnapManager;
import io.kiln.raftstore.snap.SnapReceiver;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the {@code Snapshot} client stream: the chunks are written by a {@link
 * SnapReceiver} into the store's snapshot folder (sizes and CRC32C checked as they arrive, a
 * snapshot declaring more than {@code maxBytes} refused at the first chunk); when the stream ends
 * whole, the MsgSnapshot goes to {@code deliver} and the sender gets {@code Done}. A malformed or
 * oversized stream gets INVALID_ARGUMENT, a local write failure INTERNAL; either way the partial
 * files are deleted. At most {@code maxConcurrent} snapshots are received at once (TiKV's
 * {@code concurrent-recv-snap-limit}); more get RESOURCE_EXHAUSTED and the sender retries later.
 */
public final class SnapshotStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStreamHandler.class);

  private final Supplier<SnapManager> snapManager;
  private final Consumer<RaftMessage> deliver;
  private final long maxBytes;
  private final int maxConcurrent;
  private final AtomicInteger receiving = new AtomicInteger();

  public SnapshotStreamHandler(Supplier<SnapManager> snapManager, Consumer<RaftMessage> deliver, long maxBytes,
      int maxConcurrent) {
    this.snapManager = snapManager;
    this.deliver = deliver;
    this.maxBytes = maxBytes;
    this.maxConcurrent = maxConcurrent;
  }

  public StreamObserver<SnapshotChunk> snapshot(StreamObserver<Done> response) {
    if (receiving.incrementAndGet() > maxConcurrent) {
      receiving.decrementAndGet();
      response.onError(Status.RESOURCE_EXHAUSTED.withDescription("already receiving " + maxConcurrent
          + " snapshots").asRuntimeException());
      return new Ignored();
    }
    return new Receiving(response);
  }

  private final class Receiving implements StreamObserver<SnapshotChunk> {
    private final StreamObserver<Done> response;
    private final SnapReceiver receiver;
    private boolean ended;

    Receiving(StreamObserver<Done> response) {
      this.response = response;
      this.receiver = new SnapReceiver(snapManager.get(), maxBytes);
    }

    @Override
    public void onNext(SnapshotChunk chunk) {
      if (ended) {
        return;
      }
      try {
        receiver.accept(chunk);
      } catch (RuntimeException e) {
        fail(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!ended) {
        LOG.debug("a snapshot stream was abandoned by its sender: {}", t.toString());
        end();
      }
    }

    @Override
    public void onCompleted() {
      if (ended) {
        return;
      }
      RaftMessage msg;
      try {
        msg = receiver.finish();
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      end();
      try {
        deliver.accept(msg);
        response.onNext(Done.getDefaultInstance());
        response.onCompleted();
      } catch (RuntimeException e) {
        LOG.warn("the store refused a received snapshot of region {}", msg.getRegionId(), e);
        reply(Status.INTERNAL.withDescription("snapshot refused by the store: " + e));
      }
    }

    private void fail(RuntimeException e) {
      end();
      Status status = e instanceof UncheckedIOException ? Status.INTERNAL : Status.INVALID_ARGUMENT;
      LOG.warn("refusing a snapshot stream: {}", e.getMessage());
      reply(status.withDescription(String.valueOf(e.getMessage())));
    }

    private void end() {
      ended = true;
      receiver.close();
      receiving.decrementAndGet();
    }

    private void reply(Status status) {
      try {
        response.onError(status.asRuntimeException());
      } catch (RuntimeException ignored) {
        // the call is already gone
      }
    }
  }

  private static final class Ignored implements StreamObserver<SnapshotChunk> {
    @Override public void onNext(SnapshotChunk value) {}
    @Override public void onError(Throwable t) {}
    @Override public void onCompleted() {}
  }
}
