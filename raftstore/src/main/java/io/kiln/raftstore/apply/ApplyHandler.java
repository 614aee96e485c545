package io.kiln.raftstore.apply;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.engine.Cf;
import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.raftstore.CmdCallback;
import io.kiln.raftstore.CmdResult;
import io.kiln.raftstore.RegionErrors;
import io.kiln.raftstore.batch.PollHandler;
import io.kiln.raftstore.StoreContext;
import io.kiln.raftstore.snap.SnapGenerator;
import io.kiln.raftstore.snap.SnapKey;
import io.kiln.engine.KvSnapshot;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.proto.Metapb.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One apply poller's round (TiKV's {@code ApplyPoller}): the committed entries of every region in
 * the batch go into ONE kv write batch, together with each region's RaftApplyState; the batch is
 * written (no fsync: the raft log is durable and apply replays from the persisted applied index,
 * so applying is idempotent); only then do callbacks run and ApplyResults go back to the peers.
 */
public final class ApplyHandler implements PollHandler<ApplyFsm> {

  private static final Logger LOG = LoggerFactory.getLogger(ApplyHandler.class);

  private final KvEngine kv;
  private final int messagesPerTick;
  private final Consumer<ApplyResult> results;
  private final WriteBatch wb;
  private final List<ApplyMsg> msgs = new ArrayList<>();
  private final List<Runnable> callbacks = new ArrayList<>();
  private final List<ApplyResult> pendingResults = new ArrayList<>();
  private final List<ApplyFsm> touched = new ArrayList<>();

  private final StoreContext ctx;

  public ApplyHandler(StoreContext ctx, Consumer<ApplyResult> results) {
    this.ctx = ctx;
    this.kv = ctx.kv();
    this.messagesPerTick = ctx.config().messagesPerTick();
    this.results = results;
    this.wb = kv.newWriteBatch();
  }

  @Override
  public void begin() {
    wb.clear();
    callbacks.clear();
    pendingResults.clear();
    touched.clear();
  }

  @Override
  public void handle(ApplyFsm fsm) {
    msgs.clear();
    fsm.drain(messagesPerTick, msgs);
    if (fsm.pending() > 0) {
      fsm.requestRepoll();
    }
    long appliedBefore = fsm.applyState.getAppliedIndex();
    for (ApplyMsg m : msgs) {
      if (m instanceof ApplyMsg.Proposal p) {
        fsm.proposals.add(p);
      } else if (m instanceof ApplyMsg.Apply a) {
        applyEntries(fsm, a);
      } else if (m instanceof ApplyMsg.Destroy) {
        destroy(fsm);
      } else if (m instanceof ApplyMsg.GenSnapshot g) {
        generateSnapshot(fsm, g);
      } else if (m instanceof ApplyMsg.Reset r) {
        reset(fsm, r);
      }
    }
    if (fsm.applyState.getAppliedIndex() != appliedBefore) {
      wb.put(Cf.RAFT, RaftEngineKeys.applyStateKey(fsm.regionId), fsm.applyState.toByteArray());
      pendingResults.add(new ApplyResult(fsm.regionId, fsm.applyState, fsm.appliedTerm, List.copyOf(fsm.execResults)));
      fsm.execResults.clear();
      touched.add(fsm);
    }
  }

  @Override
  public void end(List<ApplyFsm> batch) {
    if (!wb.isEmpty()) {
      try {
        kv.write(wb, false);
      } catch (RuntimeException e) {
        // Nothing of this round reached the engine: the regions stop applying (and acknowledging)
        // rather than skip entries; their callbacks never fire, so clients time out and retry.
        for (ApplyFsm f : touched) {
          f.brokenReason = "kv engine write failed: " + e.getMessage();
        }
        LOG.error("apply round of {} regions failed to write; they stop applying", touched.size(), e);
        return;
      }
    }
    for (Runnable r : callbacks) {
      r.run();
    }
    for (ApplyResult r : pendingResults) {
      results.accept(r);
    }
  }

  @Override
  public void shutdown() {
    wb.close();
  }

  private void applyEntries(ApplyFsm fsm, ApplyMsg.Apply a) {
    if (fsm.brokenReason != null) {
      return;
    }
    for (Entry e : a.entries()) {
      if (fsm.pendingRemove) {
        return;
      }
      long applied = fsm.applyState.getAppliedIndex();
      if (e.getIndex() <= applied) {
        continue; // already applied before a restart
      }
      if (e.getIndex() != applied + 1) {
        throw new IllegalStateException(fsm + ": expected entry " + (applied + 1) + ", got " + e.getIndex());
      }
      applyEntry(fsm, e);
      fsm.applyState = fsm.applyState.toBuilder().setAppliedIndex(e.getIndex()).build();
      fsm.appliedTerm = e.getTerm();
    }
  }

  private void applyEntry(ApplyFsm fsm, Entry e) {
    ApplyMsg.Proposal p = findProposal(fsm, e.getIndex(), e.getTerm());
    if (e.getEntryType() == EntryType.EntryConfChange) {
      AdminOutcome o = ConfChangeExecutor.apply(fsm, e, wb);
      if (o.result() != null) {
        fsm.execResults.add(o.result());
      }
      respond(p, new CmdResult(o.response(), null));
      return;
    }
    if (e.getEntryType() != EntryType.EntryNormal) {
      throw new IllegalStateException(fsm + ": entry " + e.getIndex() + " has type " + e.getEntryType()
          + ", which Kiln never proposes");
    }
    if (e.getData().isEmpty()) {
      return; // a new leader's empty entry
    }
    RaftCmdRequest cmd;
    try {
      cmd = RaftCmdRequest.parseFrom(e.getData());
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException(fsm + ": entry " + e.getIndex() + " is not a RaftCmdRequest", ex);
    }
    if (cmd.hasAdminRequest()) {
      AdminOutcome o = AdminExecutor.execute(fsm, cmd, e.getIndex(), e.getTerm());
      if (o.result() != null) {
        fsm.execResults.add(o.result());
      }
      respond(p, new CmdResult(o.response(), null));
      return;
    }
    RaftCmdResponse resp = CommandExecutor.execute(cmd, fsm.region, e.getTerm(), wb);
    respond(p, new CmdResult(resp, null));
  }

  /**
   * The callback proposed for (index, term), if this peer proposed it. Proposals before it in
   * the queue can no longer commit (another entry took their place): they are told so.
   */
  private ApplyMsg.Proposal findProposal(ApplyFsm fsm, long index, long term) {
    while (!fsm.proposals.isEmpty()) {
      ApplyMsg.Proposal p = fsm.proposals.peekFirst();
      if (p.index() == index && p.term() == term) {
        return fsm.proposals.pollFirst();
      }
      if (p.term() < term || (p.term() == term && p.index() < index)) {
        fsm.proposals.pollFirst();
        respond(p, RegionErrors.result(RegionErrors.staleCommand("entry " + p.index() + " of term "
            + p.term() + " was replaced by an entry of term " + term)));
        continue;
      }
      return null;
    }
    return null;
  }

  private void respond(ApplyMsg.Proposal p, CmdResult result) {
    if (p != null) {
      CmdCallback cb = p.callback();
      callbacks.add(() -> cb.onResult(result));
    }
  }

  /**
   * Seed 002's gen-snap task: everything applied so far (including this round's writes) goes to
   * the engine first, so the engine snapshot is exactly the region at its applied index.
   */
  private void generateSnapshot(ApplyFsm fsm, ApplyMsg.GenSnapshot g) {
    if (fsm.brokenReason != null) {
      g.failed().accept(new IllegalStateException(fsm.brokenReason));
      return;
    }
    wb.put(Cf.RAFT, RaftEngineKeys.applyStateKey(fsm.regionId), fsm.applyState.toByteArray());
    kv.write(wb, false);
    wb.clear();
    KvSnapshot snap = kv.snapshot();
    Region region = fsm.region;
    long index = fsm.applyState.getAppliedIndex();
    long term = fsm.appliedTerm;
    ctx.regionWorker().execute(() -> {
      try (snap) {
        Snapshot s = SnapGenerator.generate(kv, snap, ctx.snapManager(), region, index, term);
        ctx.snapManager().deleteGenerated(region.getId(), SnapKey.of(region.getId(), s));
        g.done().accept(s);
      } catch (RuntimeException e) {
        LOG.warn("{}: snapshot generation at {} failed", fsm, index, e);
        g.failed().accept(e);
      }
    });
  }

  private void reset(ApplyFsm fsm, ApplyMsg.Reset r) {
    for (ApplyMsg.Proposal p : fsm.proposals) {
      respond(p, RegionErrors.result(RegionErrors.staleCommand("a snapshot replaced the region's state")));
    }
    fsm.proposals.clear();
    fsm.region = r.region();
    fsm.applyState = r.applyState();
    fsm.appliedTerm = r.appliedTerm();
    fsm.pendingRemove = false;
    fsm.brokenReason = null;
  }

  private void destroy(ApplyFsm fsm) {
    for (ApplyMsg.Proposal p : fsm.proposals) {
      respond(p, RegionErrors.result(RegionErrors.regionNotFound(fsm.regionId)));
    }
    fsm.proposals.clear();
    fsm.stop();
  }
}
