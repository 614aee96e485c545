package io.kiln.raftstore;

import io.kiln.proto.RaftServerpb.RaftMessage;

/**
 * Carries raft messages to other stores (the gRPC {@code Raft} stream in a server, a simulated
 * network in tests). Sending never blocks the raft threads and may lose messages: raft retries.
 * The receiving side hands each message to {@link RaftStore#onRaftMessage}.
 */
public interface Transport {

  /** Queues {@code msg} for the store of {@code msg.getToPeer().getStoreId()}. */
  void send(RaftMessage msg);

  /** Called once a poll round has queued its messages: push them out now. */
  default void flush() {}
}
