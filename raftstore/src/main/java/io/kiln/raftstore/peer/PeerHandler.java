package io.kiln.raftstore.peer;

import io.kiln.engine.RaftLogBatch;
import io.kiln.raftstore.StoreContext;
import io.kiln.raftstore.batch.PollHandler;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store poller's round over a batch of PeerFsms (TiKV's {@code RaftPoller}): each peer handles
 * up to {@code messages-per-tick} messages and hands over its Ready; the leader's messages go out
 * at once; then every peer's entries and hard state are written in ONE raft engine batch with ONE
 * fsync (group commit); only then do followers' votes and acknowledgements go out.
 *
 * <p>If the write fails (a full disk), the batch and the Readies are kept and retried next round:
 * nothing is acknowledged before it is durable, and nothing is skipped.
 */
public final class PeerHandler implements PollHandler<PeerFsm> {

  private static final Logger LOG = LoggerFactory.getLogger(PeerHandler.class);

  private final StoreContext ctx;
  private final RaftLogBatch batch;
  private final List<PeerMsg> msgs = new ArrayList<>();
  private final List<ReadyWork> work = new ArrayList<>();
  private final WriteStats stats;
  private boolean mustSync;
  private long failingSince;

  public PeerHandler(StoreContext ctx, WriteStats stats) {
    this.ctx = ctx;
    this.batch = ctx.raftEngine().newBatch();
    this.stats = stats;
  }

  @Override
  public void begin() {}

  @Override
  public void handle(PeerFsm peer) {
    msgs.clear();
    peer.drain(ctx.config().messagesPerTick(), msgs);
    for (PeerMsg m : msgs) {
      peer.onMessage(m);
    }
    peer.flushProposals();
    ReadyWork w = peer.collectReady(batch);
    if (w != null) {
      work.add(w);
      mustSync |= w.mustSync();
    }
    if (peer.pending() > 0) {
      peer.requestRepoll();
    }
  }

  @Override
  public void end(List<PeerFsm> peers) {
    if (!work.isEmpty()) {
      if (!batch.isEmpty()) {
        boolean sync = mustSync && ctx.config().syncLog();
        try {
          long bytes = batch.dataSize();
          ctx.raftEngine().consume(batch, sync);
          stats.onWrite(bytes, sync);
          failingSince = 0;
        } catch (RuntimeException e) {
          if (failingSince == 0) {
            failingSince = System.nanoTime();
            LOG.error("raft engine write failed; retrying every round until it succeeds", e);
          }
          for (ReadyWork w : work) {
            w.peer().requestRepoll();
          }
          return; // keep batch and work for the next round
        }
      }
      for (ReadyWork w : work) {
        w.peer().onPersisted(w);
      }
      work.clear();
      mustSync = false;
    }
    ctx.transport().flush();
  }

  @Override
  public void shutdown() {
    batch.close();
  }
}
