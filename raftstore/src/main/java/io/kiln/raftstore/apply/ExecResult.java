package io.kiln.raftstore.apply;

import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Metapb.Region;

/** An admin command's effect that the PeerFsm must adopt after apply (TiKV's {@code ExecResult}). */
public sealed interface ExecResult permits ExecResult.ChangePeer, ExecResult.CompactLog {

  /** Membership changed: raft must apply {@code change}; the region is now {@code region}. */
  record ChangePeer(ConfChangeV2 change, Region region) implements ExecResult {}

  /** The log is truncated at {@code compactIndex}: entries from {@code firstBefore} up to it may go. */
  record CompactLog(long firstBefore, long compactIndex) implements ExecResult {}
}
