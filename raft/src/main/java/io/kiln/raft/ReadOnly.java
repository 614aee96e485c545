package io.kiln.raft;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leader's queue of read-index requests waiting for a heartbeat quorum (safe mode). A request
 * is identified by its context (the bytes of its first entry); the heartbeats of one round carry
 * the newest context, and a quorum acknowledging it confirms that request and every older one.
 */
final class ReadOnly {

  /** A request, the commit index when it arrived, and who acknowledged its heartbeat round. */
  static final class Status {
    final Message req;
    final long index;
    final Set<Long> acks = new HashSet<>();

    Status(Message req, long index) {
      this.req = req;
      this.index = index;
    }
  }

  final ReadOnlyOption option;
  private final Map<ByteString, Status> pending = new HashMap<>();
  private final LinkedHashMap<ByteString, Boolean> queue = new LinkedHashMap<>();

  ReadOnly(ReadOnlyOption option) {
    this.option = option;
  }

  /** Queues a request that arrived when the commit index was {@code index}. Duplicates are ignored. */
  void addRequest(long index, Message m) {
    ByteString ctx = m.getEntries(0).getData();
    if (pending.containsKey(ctx)) {
      return;
    }
    pending.put(ctx, new Status(m, index));
    queue.put(ctx, Boolean.TRUE);
  }

  /** Records that {@code id} acknowledged the heartbeat for {@code ctx}; returns who has, or null. */
  Set<Long> recvAck(long id, ByteString ctx) {
    Status rs = pending.get(ctx);
    if (rs == null) {
      return null;
    }
    rs.acks.add(id);
    return rs.acks;
  }

  /**
   * The round for {@code ctx} reached a quorum: dequeues that request and all queued before it
   * (the leadership they needed is confirmed by the same round).
   */
  List<Status> advance(ByteString ctx) {
    if (!pending.containsKey(ctx)) {
      return List.of();
    }
    List<Status> done = new ArrayList<>();
    var it = queue.keySet().iterator();
    while (it.hasNext()) {
      ByteString key = it.next();
      Status rs = pending.remove(key);
      it.remove();
      if (rs == null) {
        throw new IllegalStateException("read index queue and pending map disagree");
      }
      done.add(rs);
      if (key.equals(ctx)) {
        break;
      }
    }
    return done;
  }

  /** The context of the newest pending request, which the next heartbeats carry; null if none. */
  ByteString lastPendingRequestCtx() {
    ByteString last = null;
    for (ByteString k : queue.keySet()) {
      last = k;
    }
    return last;
  }

  int pendingCount() {
    return pending.size();
  }
}
