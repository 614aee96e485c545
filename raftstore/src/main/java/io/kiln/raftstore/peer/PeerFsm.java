package io.kiln.raftstore.peer;

import com.google.protobuf.ByteString;
import io.kiln.engine.RaftLogBatch;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.AdminCmdType;
import io.kiln.proto.RaftCmdpb.AdminResponse;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.proto.RaftCmdpb.TransferLeaderResponse;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raft.Config;
import io.kiln.raft.RaftException;
import io.kiln.raft.RawNode;
import io.kiln.raft.ReadState;
import io.kiln.raft.Ready;
import io.kiln.raft.StateRole;
import io.kiln.raftstore.CmdCallback;
import io.kiln.raftstore.CmdResult;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.raftstore.RegionErrors;
import io.kiln.raftstore.StoreContext;
import io.kiln.raftstore.apply.ApplyFsm;
import io.kiln.raftstore.apply.ApplyMsg;
import io.kiln.raftstore.apply.ApplyResult;
import io.kiln.raftstore.apply.ExecResult;
import io.kiln.raftstore.snap.SnapApplier;
import io.kiln.raftstore.snap.SnapKey;
import io.kiln.raft.SnapshotStatus;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.RaftCmdpb.ChangePeerRequest;
import io.kiln.proto.RaftCmdpb.AdminRequest;
import io.kiln.proto.RaftCmdpb.CompactLogRequest;
import io.kiln.proto.RaftCmdpb.RaftRequestHeader;
import io.kiln.raftstore.batch.Fsm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One region's peer on this store (TiKV's {@code PeerFsm} + {@code Peer}): owns the region's
 * {@link RawNode} and {@link PeerStorage}, turns messages into raft input, proposals into log
 * entries (their callbacks go to the {@link ApplyFsm}), and raft's Readies into raft-engine
 * writes, messages and apply tasks. Only one store poller at a time runs it.
 */
public final class PeerFsm extends Fsm<PeerMsg> {

  private static final Logger LOG = LoggerFactory.getLogger(PeerFsm.class);

  final StoreContext ctx;
  final long regionId;
  final Peer self;
  final PeerStorage storage;
  final RawNode raw;
  final ApplyFsm apply;
  final LocalReader reader;
  /** Term of the last applied entry, as reported by apply. */
  long appliedTerm;
  private final Map<Long, Peer> peerCache = new HashMap<>();
  /** (index, proposal time) of this leader's proposals not yet committed, oldest first. */
  private final ArrayDeque<long[]> proposeTimes = new ArrayDeque<>();
  private final List<ByteString> batchData = new ArrayList<>();
  private final List<CmdCallback> batchCallbacks = new ArrayList<>();
  private long batchSince;
  private boolean leader;
  private boolean destroyed;
  private long ticks;
  /** Index of a CompactLog this leader proposed and has not seen applied; 0 if none. */
  private long compactProposedAt;
  /** The snapshot being installed by the region worker; null when none. No Ready is taken meanwhile. */
  private SnapKey applyingSnapshot;
  /** The last committed index handed to apply. */
  private long sentToApply;
  private final Runnable onDestroyed;

  public PeerFsm(StoreContext ctx, Peer self, PeerStorage storage, ApplyFsm apply, long appliedTerm,
      long seed, Runnable onDestroyed) {
    this.ctx = ctx;
    this.onDestroyed = onDestroyed;
    this.regionId = storage.region().getId();
    this.self = self;
    this.storage = storage;
    this.apply = apply;
    this.appliedTerm = appliedTerm;
    RaftStoreConfig c = ctx.config();
    Config rc = Config.builder(self.getId())
        .electionTick(c.raftElectionTimeoutTicks())
        .heartbeatTick(c.raftHeartbeatTicks())
        .applied(storage.appliedIndex())
        .maxSizePerMsg(c.raftMaxSizePerMsg())
        .maxInflightMsgs(c.raftMaxInflightMsgs())
        .checkQuorum(true)
        .preVote(true)
        .random(new Random(seed))
        .build();
    this.raw = new RawNode(rc, storage);
    this.reader = new LocalReader(this, c.maxLeaderLeaseMs() * 1_000_000L);
    for (Peer p : storage.region().getPeersList()) {
      peerCache.put(p.getId(), p);
    }
    storage.setSnapshotRequests(() -> apply.send(new ApplyMsg.GenSnapshot(
        storage::onSnapshotGenerated, e -> storage.onSnapshotGenerated(null))));
  }

  /** After a restart: the snapshot {@code key} was being installed; finish installing it. */
  public void resumeSnapshotApply(SnapKey key) {
    applyingSnapshot = key;
    scheduleSnapshotApply(key);
  }

  private void scheduleSnapshotApply(SnapKey key) {
    ctx.regionWorker().execute(() -> {
      Throwable error = null;
      try {
        SnapApplier.apply(ctx.kv(), ctx.snapManager(), key, ctx.failPoints());
      } catch (RuntimeException e) {
        error = e;
      }
      send(new PeerMsg.SnapshotApplied(key, error));
    });
  }

  private void onSnapshotApplied(PeerMsg.SnapshotApplied sa) {
    if (sa.error() != null) {
      if (sa.error() instanceof io.kiln.raftstore.FailPoints.InjectedCrash) {
        LOG.info("{} stopped installing snapshot {}: {}", this, sa.key(), sa.error().getMessage());
      } else {
        LOG.error("{} failed to install snapshot {}; the region stays unavailable here until a restart"
            + " repeats the installation", this, sa.key(), sa.error());
      }
      return;
    }
    applyingSnapshot = null;
    appliedTerm = sa.key().term();
    apply.send(new ApplyMsg.Reset(storage.region(), storage.applyState(), sa.key().term()));
    raw.advanceApply(sa.key().index());
    sentToApply = Math.max(sentToApply, sa.key().index());
    LOG.info("{} installed snapshot {} for region {}", this, sa.key(), storage.region().getId());
    reader.serveReady();
  }

  private void onSnapshotStatus(PeerMsg.SnapshotStatus ss) {
    raw.reportSnapshot(ss.toPeerId(), ss.ok() ? SnapshotStatus.FINISH : SnapshotStatus.FAILURE);
    if (ss.ok() && raw.status().progress().values().stream()
        .noneMatch(p -> p.state() == io.kiln.raft.tracker.ProgressState.SNAPSHOT)) {
      Snapshot dropped = storage.dropGeneratedSnapshot();
      if (dropped != null) {
        ctx.snapManager().deleteGenerated(regionId, null);
      }
    }
  }

  public long regionId() {
    return regionId;
  }

  public Region region() {
    return storage.region();
  }

  public boolean isLeader() {
    return raw.isLeader();
  }

  // ------------------------------------------------------------------ messages

  void onMessage(PeerMsg m) {
    if (m instanceof PeerMsg.Raft r) {
      onRaftMessage(r.message());
    } else if (m instanceof PeerMsg.Command c) {
      onCommand(c);
    } else if (m instanceof PeerMsg.Tick t) {
      if (t.reportNow()) {
        reportToPd();
      } else {
        onTick();
      }
    } else if (m instanceof PeerMsg.Applied a) {
      onApplied(a.result());
    } else if (m instanceof PeerMsg.SnapshotApplied sa) {
      onSnapshotApplied(sa);
    } else if (m instanceof PeerMsg.SnapshotStatus ss) {
      onSnapshotStatus(ss);
    } else if (m instanceof PeerMsg.Unreachable u && raw.isLeader()) {
      for (Peer p : storage.region().getPeersList()) {
        if (p.getStoreId() == u.storeId()) {
          raw.reportUnreachable(p.getId());
        }
      }
    }
  }

  private void onRaftMessage(RaftMessage msg) {
    if (msg.getToPeer().getId() != self.getId()) {
      LOG.debug("{} drops a message for peer {}", this, msg.getToPeer().getId());
      return;
    }
    if (msg.hasFromPeer()) {
      peerCache.put(msg.getFromPeer().getId(), msg.getFromPeer());
    }
    try {
      raw.step(msg.getMessage());
    } catch (RaftException e) {
      LOG.debug("{} ignores {}: {}", this, msg.getMessage().getMsgType(), e.getMessage());
    }
  }

  private void onTick() {
    raw.tick();
    if (++ticks % ctx.config().raftLogGcTickTicks() == 0 && raw.isLeader()) {
      maybeCompactLog();
    }
    if (ticks % ctx.config().pdHeartbeatTicks() == 0) {
      reportToPd();
    }
    RaftStoreConfig c = ctx.config();
    long electionNanos = c.raftElectionTimeoutTicks() * c.raftBaseTickIntervalMs() * 1_000_000L;
    reader.expireOlderThan(ctx.now(), 2 * electionNanos);
  }

  private void onApplied(ApplyResult r) {
    for (ExecResult x : r.execResults()) {
      if (x instanceof ExecResult.ChangePeer cp) {
        onChangePeer(cp);
      } else if (x instanceof ExecResult.CompactLog cl) {
        storage.onCompacted(cl.compactIndex());
        ctx.logGc().schedule(regionId, cl.firstBefore(), cl.compactIndex() + 1);
      }
    }
    if (compactProposedAt != 0 && r.applyState().getAppliedIndex() >= compactProposedAt) {
      compactProposedAt = 0;
    }
    if (destroyed) {
      return;
    }
    storage.setApplyState(r.applyState());
    appliedTerm = r.appliedTerm();
    raw.advanceApply(r.applyState().getAppliedIndex());
    reader.serveReady();
  }

  private void onCommand(PeerMsg.Command c) {
    RaftCmdRequest cmd = c.request();
    String bad = CommandChecks.malformed(cmd);
    if (bad != null) {
      respond(c.callback(), RegionErrors.other(bad));
      return;
    }
    Errorpb.Error err = CommandChecks.check(this, cmd);
    if (err != null) {
      respond(c.callback(), err);
      return;
    }
    if (cmd.hasAdminRequest()) {
      onAdmin(cmd, c.callback());
    } else if (CommandChecks.readOnly(cmd)) {
      reader.read(cmd, c.callback(), ctx.now());
    } else {
      proposeWrite(cmd, c.callback());
    }
  }

  /** A leader tells PD about its region (TiKV's {@code heartbeat_pd}). */
  private void reportToPd() {
    if (!raw.isLeader() || !storage.initialized()) {
      return;
    }
    List<Peer> pending = new ArrayList<>();
    long last = raw.lastIndex();
    raw.status().progress().forEach((id, pr) -> {
      Peer p = peerCache.get(id);
      if (p != null && id != self.getId()
          && (pr.match() < storage.firstIndex() - 1 || pr.state() == io.kiln.raft.tracker.ProgressState.SNAPSHOT
              || last - pr.match() > 1000)) {
        pending.add(p);
      }
    });
    ctx.pd().regionHeartbeat(new io.kiln.raftstore.PdReporter.RegionHeartbeat(storage.region(), self,
        raw.term(), pending, 0));
  }

  /** The leader's log GC tick: propose CompactLog when {@link LogCompaction} says so. */
  private void maybeCompactLog() {
    if (compactProposedAt != 0) {
      return; // one at a time
    }
    long idx = LogCompaction.compactIndex(ctx.config(), raw.status(), storage.firstIndex(),
        raw.lastIndex(), storage.appliedIndex(), storage.logSizeHint());
    if (idx == 0) {
      return;
    }
    RaftCmdRequest cmd = RaftCmdRequest.newBuilder()
        .setHeader(RaftRequestHeader.newBuilder().setRegionId(regionId).setPeer(self)
            .setRegionEpoch(storage.region().getRegionEpoch()))
        .setAdminRequest(AdminRequest.newBuilder().setCmdType(AdminCmdType.CompactLog)
            .setCompactLog(CompactLogRequest.newBuilder().setCompactIndex(idx).setCompactTerm(storage.term(idx))))
        .build();
    try {
      raw.propose(ByteString.EMPTY, cmd.toByteString());
      compactProposedAt = raw.lastIndex();
    } catch (RaftException.ProposalDropped e) {
      LOG.debug("{} could not propose log compaction: {}", this, e.getMessage());
    }
  }

  private void onChangePeer(ExecResult.ChangePeer cp) {
    raw.applyConfChange(cp.change());
    storage.setRegion(cp.region());
    for (Peer p : cp.region().getPeersList()) {
      peerCache.put(p.getId(), p);
    }
    LOG.info("{} applied a membership change: peers {}", this, cp.region().getPeersList());
    reportToPd();
    if (cp.region().getPeersList().stream().noneMatch(p -> p.getId() == self.getId())) {
      destroy();
    }
  }

  /** This peer was removed from its region: stop, and delete its raft log and data. */
  private void destroy() {
    destroyed = true;
    stop();
    reader.onStepDown();
    apply.send(new ApplyMsg.Destroy());
    PeerLifecycle.destroy(ctx, storage.region());
    onDestroyed.run();
    LOG.info("{} is destroyed", this);
  }

  private void onAdmin(RaftCmdRequest cmd, CmdCallback cb) {
    if (cmd.getAdminRequest().getCmdType() == AdminCmdType.ChangePeer) {
      proposeChangePeer(cmd, cb);
      return;
    }
    if (cmd.getAdminRequest().getCmdType() == AdminCmdType.TransferLeader) {
      long target = cmd.getAdminRequest().getTransferLeader().getPeer().getId();
      reader.lease.expire(); // the target may be elected before our lease would end
      raw.transferLeader(target);
      cb.onResult(new CmdResult(RaftCmdResponse.newBuilder()
          .setHeader(RaftResponseHeader.newBuilder().setCurrentTerm(raw.term()))
          .setAdminResponse(AdminResponse.newBuilder().setCmdType(AdminCmdType.TransferLeader)
              .setTransferLeader(TransferLeaderResponse.getDefaultInstance())).build(), null));
      return;
    }
    respond(cb, RegionErrors.other("admin command " + cmd.getAdminRequest().getCmdType()
        + " is not supported yet"));
  }

  private void proposeChangePeer(RaftCmdRequest cmd, CmdCallback cb) {
    ChangePeerRequest req = cmd.getAdminRequest().getChangePeer();
    if (!req.hasPeer() || req.getPeer().getId() == 0 || req.getPeer().getStoreId() == 0) {
      respond(cb, RegionErrors.other("ChangePeer needs a peer with an id and a store id"));
      return;
    }
    if (req.getChangeType() == ConfChangeType.RemoveNode && req.getPeer().getId() == self.getId()) {
      respond(cb, RegionErrors.other("peer " + self.getId() + " leads region " + regionId
          + " and cannot remove itself: transfer leadership first"));
      return;
    }
    ConfChange cc = ConfChange.newBuilder().setChangeType(req.getChangeType())
        .setNodeId(req.getPeer().getId()).setContext(cmd.toByteString()).build();
    long before = raw.lastIndex();
    try {
      raw.proposeConfChange(ByteString.EMPTY, cc);
    } catch (RaftException.ProposalDropped e) {
      respond(cb, RegionErrors.other("conf change refused: " + e.getMessage()));
      return;
    }
    if (raw.lastIndex() != before + 1) {
      respond(cb, RegionErrors.other("conf change was not appended"));
      return;
    }
    peerCache.put(req.getPeer().getId(), req.getPeer());
    apply.send(new ApplyMsg.Proposal(raw.lastIndex(), raw.term(), cb));
  }

  private void proposeWrite(RaftCmdRequest cmd, CmdCallback cb) {
    ByteString data = cmd.toByteString();
    long limit = ctx.config().raftEntryMaxSize();
    if (data.size() > limit) {
      respond(cb, RegionErrors.raftEntryTooLarge(regionId, data.size(), limit));
      return;
    }
    if (batchData.isEmpty()) {
      batchSince = ctx.now();
    }
    batchData.add(data);
    batchCallbacks.add(cb);
  }

  /** Proposes the writes collected in this round as one batch: one append per follower. */
  void flushProposals() {
    reader.flush(ctx.now());
    if (batchData.isEmpty()) {
      return;
    }
    long first = raw.lastIndex() + 1;
    long term = raw.term();
    try {
      raw.proposeBatch(batchData);
    } catch (RaftException.ProposalDropped e) {
      Errorpb.Error err = raw.isLeader() ? RegionErrors.serverIsBusy(e.getMessage())
          : RegionErrors.notLeader(regionId, leaderPeer());
      for (CmdCallback cb : batchCallbacks) {
        respond(cb, err);
      }
      clearBatch();
      return;
    }
    for (int i = 0; i < batchCallbacks.size(); i++) {
      apply.send(new ApplyMsg.Proposal(first + i, term, batchCallbacks.get(i)));
    }
    proposeTimes.add(new long[] {first + batchData.size() - 1, batchSince});
    clearBatch();
  }

  private void clearBatch() {
    batchData.clear();
    batchCallbacks.clear();
  }

  // ------------------------------------------------------------------ ready

  /** Handles raft's Ready if there is one: sends, queues writes into {@code batch}, applies. */
  ReadyWork collectReady(RaftLogBatch batch) {
    if (destroyed || applyingSnapshot != null || !raw.hasReady()) {
      return null;
    }
    if (raw.hasPendingSnapshot() && sentToApply > storage.appliedIndex()) {
      return null; // let apply finish what it has before the snapshot replaces the region
    }
    Ready rd = raw.ready();
    if (rd.softState() != null) {
      onRoleChange(rd.softState().role());
    }
    send(rd.messages());
    PeerStorage.Pending pending = null;
    SnapKey snapKey = null;
    if (rd.snapshot() != null) {
      snapKey = SnapKey.of(regionId, rd.snapshot());
      Region region = SnapApplier.readMeta(ctx.snapManager(), snapKey).getRegion();
      pending = storage.applySnapshot(ctx.kv(), batch, rd.snapshot(), region, rd.hardState());
      for (Peer p : region.getPeersList()) {
        peerCache.put(p.getId(), p);
      }
      applyingSnapshot = snapKey;
    }
    if (!rd.entries().isEmpty() || (rd.hardState() != null && rd.snapshot() == null)) {
      pending = storage.append(batch, rd.entries(), rd.hardState(), pending);
    }
    List<Entry> committed = rd.committedEntries();
    if (!committed.isEmpty()) {
      if (snapKey != null) {
        throw new IllegalStateException(this + ": a Ready with a snapshot also carries committed entries");
      }
      sentToApply = committed.get(committed.size() - 1).getIndex();
      renewLeaseOnCommit(committed.get(committed.size() - 1));
      apply.send(new ApplyMsg.Apply(raw.term(), committed));
    }
    for (ReadState rs : rd.readStates()) {
      reader.onReadState(rs.requestCtx(), rs.index());
    }
    return new ReadyWork(this, rd.number(), pending, rd.persistedMessages(), rd.mustSync(), snapKey);
  }

  /** The round's raft batch is durable. */
  void onPersisted(ReadyWork w) {
    if (w.pending() != null) {
      storage.onPersisted(w.pending());
    }
    raw.onPersistReady(w.number());
    send(w.persistedMessages());
    if (w.snapshot() != null) {
      scheduleSnapshotApply(w.snapshot());
    } else if (applyingSnapshot == null && raw.hasReady()) {
      requestRepoll();
    }
  }

  private void onRoleChange(StateRole role) {
    boolean nowLeader = role == StateRole.LEADER;
    if (leader && !nowLeader) {
      compactProposedAt = 0;
      reader.onStepDown();
      proposeTimes.clear();
    }
    if (nowLeader && !leader) {
      reader.lease.expire();
      LOG.info("{} became leader at term {}", this, raw.term());
      reportToPd();
    }
    leader = nowLeader;
  }

  /** A quorum stored every proposal up to {@code last}: the lease holds from when it was proposed. */
  private void renewLeaseOnCommit(Entry last) {
    if (!leader || last.getTerm() != raw.term()) {
      return;
    }
    long since = 0;
    while (!proposeTimes.isEmpty() && proposeTimes.peekFirst()[0] <= last.getIndex()) {
      since = proposeTimes.pollFirst()[1];
    }
    if (since != 0) {
      reader.lease.renew(since);
    }
  }

  private void send(List<Message> msgs) {
    Region region = storage.region();
    for (Message m : msgs) {
      Peer to = peerCache.get(m.getTo());
      if (to == null) {
        LOG.debug("{} has no address for peer {}; dropping {}", this, m.getTo(), m.getMsgType());
        continue;
      }
      ctx.send(RaftMessage.newBuilder().setRegionId(regionId).setFromPeer(self).setToPeer(to)
          .setMessage(m).setRegionEpoch(region.getRegionEpoch())
          .setStartKey(region.getStartKey()).setEndKey(region.getEndKey()).build());
    }
  }

  /** The leader as far as this peer knows, or null. */
  Peer leaderPeer() {
    long id = raw.leaderId();
    return id == 0 ? null : peerCache.get(id);
  }

  private void respond(CmdCallback cb, Errorpb.Error err) {
    cb.onResult(new CmdResult(RegionErrors.response(err, raw.term()), null));
  }

  @Override
  public String toString() {
    return "[region " + regionId + " peer " + self.getId() + "]";
  }
}
