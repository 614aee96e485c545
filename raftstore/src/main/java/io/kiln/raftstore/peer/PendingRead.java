package io.kiln.raftstore.peer;

import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.raftstore.CmdCallback;

/**
 * A read waiting for its ReadIndex round: {@code readIndex} is 0 until raft answers, then the
 * read is served once the peer has applied that far. {@code sentNanos} renews the lease when the
 * round confirms leadership.
 */
final class PendingRead {
  final long id;
  final RaftCmdRequest request;
  final CmdCallback callback;
  final long sentNanos;
  final long term;
  long readIndex;

  PendingRead(long id, RaftCmdRequest request, CmdCallback callback, long sentNanos, long term) {
    this.id = id;
    this.request = request;
    this.callback = callback;
    this.sentNanos = sentNanos;
    this.term = term;
  }
}
