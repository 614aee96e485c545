package io.kiln.server.transport;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kiln.proto.RaftServerpb.Done;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.Tikvpb.BatchRaftMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the {@code Raft} and {@code BatchRaft} client streams: every message goes
 * to {@code deliver} (the store's {@code onRaftMessage}, which only mails it to the peer, so gRPC
 * threads never wait on raft). A message the store cannot take ends the stream with an error
 * status (the sender reconnects); the server keeps running.
 */
public final class RaftStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RaftStreamHandler.class);

  private final Consumer<RaftMessage> deliver;
  private final Set<Inbound<?>> open = ConcurrentHashMap.newKeySet();

  public RaftStreamHandler(Consumer<RaftMessage> deliver) {
    this.deliver = deliver;
  }

  public StreamObserver<RaftMessage> raft(StreamObserver<Done> response) {
    return track(new Inbound<>(response) {
      @Override
      void handle(RaftMessage msg) {
        deliver.accept(msg);
      }
    });
  }

  public StreamObserver<BatchRaftMessage> batchRaft(StreamObserver<Done> response) {
    return track(new Inbound<>(response) {
      @Override
      void handle(BatchRaftMessage batch) {
        for (RaftMessage m : batch.getMsgsList()) {
          deliver.accept(m);
        }
      }
    });
  }

  /**
   * Ends every open inbound stream with UNAVAILABLE (the senders back off and reconnect): raft
   * streams never end by themselves, so a server shutting down ends them to let its calls drain.
   */
  public void closeAll() {
    for (Inbound<?> in : open) {
      in.end(Status.UNAVAILABLE.withDescription("the store is shutting down"));
    }
  }

  private <T> Inbound<T> track(Inbound<T> in) {
    open.add(in);
    return in;
  }

  private abstract class Inbound<T> implements StreamObserver<T> {
    private final StreamObserver<Done> response;
    private volatile boolean failed;

    Inbound(StreamObserver<Done> response) {
      this.response = response;
    }

    abstract void handle(T msg);

    @Override
    public void onNext(T msg) {
      if (failed) {
        return;
      }
      try {
        handle(msg);
      } catch (RuntimeException e) {
        LOG.warn("a raft stream delivered a message the store refused; closing the stream", e);
        end(Status.INVALID_ARGUMENT.withDescription("raft message refused: " + e));
      }
    }

    @Override
    public void onError(Throwable t) {
      // the sender went away; it reconnects when it has messages again
      failed = true;
      open.remove(this);
    }

    @Override
    public synchronized void onCompleted() {
      open.remove(this);
      if (failed) {
        return;
      }
      failed = true;
      try {
        response.onNext(Done.getDefaultInstance());
        response.onCompleted();
      } catch (RuntimeException ignored) {
        // the call is already gone
      }
    }

    synchronized void end(Status status) {
      open.remove(this);
      if (failed) {
        return;
      }
      failed = true;
      try {
        response.onError(status.asRuntimeException());
      } catch (RuntimeException ignored) {
        // the call is already gone
      }
    }
  }
}
