package io.kiln.raftstore.peer;

import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.CmdCallback;
import io.kiln.raftstore.apply.ApplyResult;

/** What a PeerFsm handles (TiKV's {@code PeerMsg}). */
public sealed interface PeerMsg
    permits PeerMsg.Raft, PeerMsg.Command, PeerMsg.Tick, PeerMsg.Applied, PeerMsg.SnapshotApplied,
        PeerMsg.SnapshotStatus {

  /** A raft message from another store. */
  record Raft(RaftMessage message) implements PeerMsg {}

  /** A client command; {@code receivedNanos} is when it reached the store. */
  record Command(RaftCmdRequest request, CmdCallback callback, long receivedNanos) implements PeerMsg {}

  /** One raft base tick passed; {@code reportNow} asks a leader for a PD heartbeat at once. */
  record Tick(boolean reportNow) implements PeerMsg {
    public static final Tick BASE = new Tick(false);
  }

  /** The region worker finished installing snapshot {@code key}; {@code error} is null on success. */
  record SnapshotApplied(io.kiln.raftstore.snap.SnapKey key, Throwable error) implements PeerMsg {}

  /** The transport finished sending a snapshot to {@code toPeerId} (successfully or not). */
  record SnapshotStatus(long toPeerId, boolean ok) implements PeerMsg {}

  /** The apply system finished a round for this region. */
  record Applied(ApplyResult result) implements PeerMsg {}
}
