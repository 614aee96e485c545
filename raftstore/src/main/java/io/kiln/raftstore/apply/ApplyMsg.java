package io.kiln.raftstore.apply;

import io.kiln.proto.Eraftpb.Entry;
import io.kiln.raftstore.CmdCallback;
import java.util.List;

/** What a PeerFsm tells its ApplyFsm. Sent in order through one mailbox. */
public sealed interface ApplyMsg permits ApplyMsg.Proposal, ApplyMsg.Apply, ApplyMsg.Destroy {

  /** A command was proposed at (index, term); call {@code callback} when that entry is applied. */
  record Proposal(long index, long term, CmdCallback callback) implements ApplyMsg {}

  /** Committed entries to apply, in log order; {@code term} is the peer's term when sent. */
  record Apply(long term, List<Entry> entries) implements ApplyMsg {}

  /** The peer is gone: fail the waiting callbacks and stop. */
  record Destroy() implements ApplyMsg {}
}
