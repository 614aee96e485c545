package io.kiln.raftstore.apply;

import io.kiln.proto.Eraftpb.Entry;
import io.kiln.raftstore.CmdCallback;
import java.util.List;

/** What a PeerFsm tells its ApplyFsm. Sent in order through one mailbox. */
public sealed interface ApplyMsg
    permits ApplyMsg.Proposal, ApplyMsg.Apply, ApplyMsg.Destroy, ApplyMsg.GenSnapshot, ApplyMsg.Reset {

  /** A command was proposed at (index, term); call {@code callback} when that entry is applied. */
  record Proposal(long index, long term, CmdCallback callback) implements ApplyMsg {}

  /** Committed entries to apply, in log order; {@code term} is the peer's term when sent. */
  record Apply(long term, List<Entry> entries) implements ApplyMsg {}

  /**
   * Generate a snapshot of the region as applied so far: apply flushes its pending writes, takes
   * a consistent engine snapshot and hands it to the region worker; {@code done} receives the
   * result there (or {@code failed} the error).
   */
  record GenSnapshot(java.util.function.Consumer<io.kiln.proto.Eraftpb.Snapshot> done,
      java.util.function.Consumer<Throwable> failed) implements ApplyMsg {}

  /** A snapshot replaced the region's state: continue from it. */
  record Reset(io.kiln.proto.Metapb.Region region, io.kiln.proto.RaftServerpb.RaftApplyState applyState,
      long appliedTerm) implements ApplyMsg {}

  /** The peer is gone: fail the waiting callbacks and stop. */
  record Destroy() implements ApplyMsg {}
}
