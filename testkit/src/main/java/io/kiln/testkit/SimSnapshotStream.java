package io.kiln.testkit;

import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.InProcessSnapshots;
import io.kiln.raftstore.RaftStore;
import java.util.function.LongFunction;

/**
 * The in-process stand-in for TiKV's {@code Snapshot} RPC: when a MsgSnapshot gets through the
 * simulated network, its files are streamed in 64 KiB chunks from the sending store's snapshot
 * folder to the receiving store's with {@link InProcessSnapshots} (sizes and checksums checked,
 * then the message is delivered and the sender learns the outcome). Everything else is delivered
 * as is.
 */
final class SimSnapshotStream {

  static final int CHUNK = 64 * 1024;

  private SimSnapshotStream() {}

  static void deliver(RaftStore to, RaftMessage m, LongFunction<RaftStore> stores) {
    if (m.getMessage().getMsgType() != MessageType.MsgSnapshot) {
      to.onRaftMessage(m);
      return;
    }
    RaftStore from = stores.apply(m.getFromPeer().getStoreId());
    if (from == null) {
      return; // the sender stopped: its files may be gone
    }
    InProcessSnapshots.transfer(from, to, m, CHUNK);
  }
}
