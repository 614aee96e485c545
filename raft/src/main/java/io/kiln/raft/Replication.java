package io.kiln.raft;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.raft.tracker.Progress;
import io.kiln.raft.tracker.ProgressState;
import java.util.List;

/**
 * How a leader sends its log to followers (Raft §5.3): appends sized by {@code maxSizePerMsg},
 * throttled by each follower's {@link Progress} state and inflight window, a snapshot when the
 * entries a follower needs were compacted, and heartbeats that carry the commit index and the
 * read-index context.
 */
final class Replication {

  private Replication() {}

  /**
   * Sends the entries {@code to} needs next, or a snapshot if they are compacted. With {@code
   * sendIfEmpty}, sends an empty append anyway (to carry the commit index or probe). Returns true
   * if a message was queued.
   */
  static boolean maybeSendAppend(Raft r, long to, boolean sendIfEmpty) {
    Progress pr = r.prs.get(to);
    if (pr == null || pr.isPaused()) {
      return false;
    }
    long prevIndex = pr.next() - 1;
    long prevTerm;
    List<Entry> ents;
    try {
      prevTerm = r.raftLog.term(prevIndex);
      ents = r.raftLog.entriesFrom(pr.next(), r.maxMsgSize);
    } catch (RaftStorageException.Compacted e) {
      return maybeSendSnapshot(r, to, pr);
    }
    if (ents.isEmpty() && !sendIfEmpty) {
      return false;
    }
    Message.Builder m = Message.newBuilder().setTo(to).setMsgType(MessageType.MsgAppend)
        .setIndex(prevIndex).setLogTerm(prevTerm).addAllEntries(ents).setCommit(r.raftLog.committed);
    if (!ents.isEmpty()) {
      switch (pr.state()) {
        case REPLICATE -> {
          long last = ents.get(ents.size() - 1).getIndex();
          pr.optimisticUpdate(last);
          pr.inflights().add(last, payloadBytes(ents));
        }
        case PROBE -> pr.setProbeSent(true);
        case SNAPSHOT -> throw new IllegalStateException(
            "node " + r.id + ": sending append to " + to + " in snapshot state");
      }
    }
    r.send(m);
    return true;
  }

  private static boolean maybeSendSnapshot(Raft r, long to, Progress pr) {
    if (!pr.recentActive()) {
      // Do not spend a snapshot on a peer we have not heard from; wait until it answers.
      return false;
    }
    Snapshot snap;
    try {
      snap = r.raftLog.snapshot(pr.next() - 1, to);
    } catch (RaftStorageException.SnapshotTemporarilyUnavailable e) {
      // Being generated: the next heartbeat response or append retries.
      return false;
    }
    if (snap.getMetadata().getIndex() == 0) {
      throw new IllegalStateException("node " + r.id + ": need a snapshot for " + to
          + " but the storage returned an empty one");
    }
    pr.becomeSnapshot(snap.getMetadata().getIndex());
    r.send(Message.newBuilder().setTo(to).setMsgType(MessageType.MsgSnapshot).setSnapshot(snap));
    return true;
  }

  static long payloadBytes(List<Entry> ents) {
    long s = 0;
    for (Entry e : ents) {
      s += e.getSerializedSize();
    }
    return s;
  }

  /** Sends appends (or empty ones carrying the commit index) to every other member. */
  static void bcastAppend(Raft r) {
    r.prs.visit((id, pr) -> {
      if (id != r.id) {
        maybeSendAppend(r, id, true);
      }
    });
  }

  /** Heartbeats to every other member, carrying the newest pending read-index context. */
  static void bcastHeartbeat(Raft r) {
    ByteString ctx = r.readOnly.lastPendingRequestCtx();
    bcastHeartbeatWithCtx(r, ctx);
  }

  static void bcastHeartbeatWithCtx(Raft r, ByteString ctx) {
    if (ctx == null && r.readOnly.option == ReadOnlyOption.LEASE_BASED) {
      // Lease mode never has read contexts to carry: stamp the heartbeat with its send tick.
      ctx = leaseStamp(r.leaderTicks + 1);
    }
    final ByteString c = ctx;
    r.prs.visit((id, pr) -> {
      if (id != r.id) {
        sendHeartbeat(r, id, c);
      }
    });
  }

  static ByteString leaseStamp(long stamp) {
    return ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(stamp).array());
  }

  /** The stamp of a lease-mode heartbeat context, or 0 if it is not one. */
  static long leaseStampOf(ByteString ctx) {
    return ctx.size() == 8 ? ctx.asReadOnlyByteBuffer().getLong() : 0;
  }

  /**
   * A heartbeat carries min(match, committed): the follower may not have the leader's committed
   * entries yet, and must never be told to commit what it does not have.
   */
  static void sendHeartbeat(Raft r, long to, ByteString ctx) {
    long commit = Math.min(r.prs.get(to).match(), r.raftLog.committed);
    Message.Builder m = Message.newBuilder().setTo(to).setMsgType(MessageType.MsgHeartbeat).setCommit(commit);
    if (ctx != null) {
      m.setContext(ctx);
    }
    r.send(m);
  }

  static void sendTimeoutNow(Raft r, long to) {
    // The transferee may now be elected at once, whatever the voters promised: no more lease reads
    // this term (the message may arrive late, even after the transfer is abandoned).
    r.leaseRevoked = true;
    r.send(Message.newBuilder().setTo(to).setMsgType(MessageType.MsgTimeoutNow));
  }

  static boolean inSnapshotState(Progress pr) {
    return pr.state() == ProgressState.SNAPSHOT;
  }
}
