package io.kiln.raftstore;

import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.snap.SnapReceiver;
import io.kiln.raftstore.snap.SnapSender;

/**
 * Delivers a MsgSnapshot between two stores of one JVM the way the gRPC {@code Snapshot} stream
 * does between processes: the files go from the sender's snapshot folder to the receiver's in
 * chunks ({@link SnapSender} / {@link SnapReceiver}, sizes and checksums checked), then the
 * message is handed to the receiver, and the sender learns the outcome. For in-process clusters
 * (tests, simulations, benchmarks).
 */
public final class InProcessSnapshots {

  private InProcessSnapshots() {}

  /**
   * Streams {@code m}'s snapshot from {@code from} to {@code to} (null if that store is down),
   * delivers it, and reports to {@code from}. Returns whether it arrived.
   */
  public static boolean transfer(RaftStore from, RaftStore to, RaftMessage m, int chunkSize) {
    boolean ok = false;
    if (to != null) {
      try (SnapSender sender = new SnapSender(from.snapManager(), m, chunkSize);
           SnapReceiver receiver = new SnapReceiver(to.snapManager(), Long.MAX_VALUE)) {
        while (sender.hasNext()) {
          receiver.accept(sender.next());
        }
        to.onRaftMessage(receiver.finish());
        ok = true;
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(InProcessSnapshots.class).info(
            "snapshot of region {} to store {} failed: {}", m.getRegionId(), m.getToPeer().getStoreId(), e.toString());
      }
    }
    from.onSnapshotSent(m.getRegionId(), m.getToPeer().getId(), ok);
    return ok;
  }
}
