package io.kiln.testkit;

import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.snap.SnapReceiver;
import io.kiln.raftstore.snap.SnapSender;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process stand-in for TiKV's {@code Snapshot} RPC: when a MsgSnapshot gets through the
 * simulated network, its files are streamed in 64 KiB chunks from the sending store's snapshot
 * folder to the receiving store's ({@link SnapSender} / {@link SnapReceiver}, sizes and checksums
 * checked), the message is delivered, and the sender learns the outcome ({@link
 * RaftStore#onSnapshotSent}). Everything else is delivered as is.
 */
final class SimSnapshotStream {

  private static final Logger LOG = LoggerFactory.getLogger(SimSnapshotStream.class);
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
    boolean ok = false;
    try (SnapSender sender = new SnapSender(from.snapManager(), m, CHUNK);
         SnapReceiver receiver = new SnapReceiver(to.snapManager(), Long.MAX_VALUE)) {
      while (sender.hasNext()) {
        receiver.accept(sender.next());
      }
      to.onRaftMessage(receiver.finish());
      ok = true;
    } catch (RuntimeException e) {
      LOG.info("snapshot of region {} to store {} failed: {}", m.getRegionId(), m.getToPeer().getStoreId(), e.toString());
    }
    from.onSnapshotSent(m.getRegionId(), m.getToPeer().getId(), ok);
  }
}
