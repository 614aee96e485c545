package io.kiln.raft.sim;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.raft.ReadState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client history: writes (unique payloads) and ReadIndex reads (unique contexts), and the
 * linearizability of reads. A write completes when the node it was proposed at applies it (its
 * client observes it). A read issued at node X must be answered with a ReadState whose index is at
 * least the index of every write completed before the read was issued; and once X has applied
 * up to that index, X's state machine must hold all those writes.
 */
final class ReadChecker {

  private record Write(long proposer, ByteString payload) {}

  private record Completed(ByteString payload, long index) {}

  /** A read in flight: where it was issued, and how many writes had completed by then. */
  private record Read(long node, ByteString ctx, int completedBefore, long requiredIndex, long issuedAt) {}

  /** An answered read, waiting for its node to apply up to {@code index}. */
  private record Answered(Read read, long index) {}

  private final Map<ByteString, Write> writes = new HashMap<>();
  private final Map<ByteString, Boolean> completedSet = new HashMap<>();
  private final List<Completed> completed = new ArrayList<>();
  private long maxCompletedIndex;
  private final Map<ByteString, Read> reads = new HashMap<>();
  private final List<List<Answered>> waiting = new ArrayList<>();
  private int readsAnswered;
  private int readsChecked;

  ReadChecker(int nodes) {
    for (int i = 0; i <= nodes; i++) {
      waiting.add(new ArrayList<>());
    }
  }

  void proposed(long node, ByteString payload) {
    writes.put(payload, new Write(node, payload));
  }

  void readIssued(long node, ByteString ctx, long now) {
    reads.put(ctx, new Read(node, ctx, completed.size(), maxCompletedIndex, now));
  }

  void applied(SimNode n, Entry e) {
    if (e.getData().isEmpty() || e.getEntryType() != io.kiln.proto.Eraftpb.EntryType.EntryNormal) {
      return;
    }
    Write w = writes.get(e.getData());
    if (w == null) {
      throw new SimulationFailure("n" + n.id + " applied " + InvariantChecker.describe(e)
          + " that no client proposed");
    }
    if (w.proposer == n.id && completedSet.putIfAbsent(e.getData(), Boolean.TRUE) == null) {
      completed.add(new Completed(e.getData(), e.getIndex()));
      maxCompletedIndex = Math.max(maxCompletedIndex, e.getIndex());
    }
  }

  void readState(SimNode n, ReadState rs) {
    Read r = reads.get(rs.requestCtx());
    if (r == null) {
      throw new SimulationFailure("n" + n.id + " got a ReadState for unknown ctx '"
          + rs.requestCtx().toStringUtf8() + "'");
    }
    if (r.node != n.id) {
      throw new SimulationFailure("n" + n.id + " got the ReadState of read '" + rs.requestCtx().toStringUtf8()
          + "' issued at n" + r.node);
    }
    readsAnswered++;
    if (rs.index() < r.requiredIndex) {
      throw new SimulationFailure("read linearizability: read '" + rs.requestCtx().toStringUtf8()
          + "' issued at n" + n.id + " (t=" + r.issuedAt + ") got read index " + rs.index()
          + " but a write completed before it was issued is at index " + r.requiredIndex);
    }
    waiting.get((int) n.id).add(new Answered(r, rs.index()));
    afterApply(n);
  }

  /** Checks the answered reads of {@code n} that its state machine has caught up with. */
  void afterApply(SimNode n) {
    List<Answered> w = waiting.get((int) n.id);
    if (w.isEmpty()) {
      return;
    }
    for (var it = w.iterator(); it.hasNext(); ) {
      Answered a = it.next();
      if (n.smApplied < a.index) {
        continue;
      }
      it.remove();
      readsChecked++;
      for (int i = 0; i < a.read.completedBefore; i++) {
        Completed c = completed.get(i);
        if (!n.smData.contains(c.payload)) {
          throw new SimulationFailure("read linearizability: read '" + a.read.ctx.toStringUtf8() + "' at n"
              + n.id + " (read index " + a.index + ", applied " + n.smApplied + ") does not see write '"
              + c.payload.toStringUtf8() + "' (index " + c.index + ") completed before the read was issued");
        }
      }
    }
  }

  /** The node crashed: its clients' pending reads are gone. */
  void crashed(SimNode n) {
    waiting.get((int) n.id).clear();
  }

  String stats() {
    return "writes=" + writes.size() + " completed=" + completed.size() + " reads=" + reads.size()
        + " answered=" + readsAnswered + " checked=" + readsChecked;
  }
}
