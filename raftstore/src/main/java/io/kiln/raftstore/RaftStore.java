package io.kiln.raftstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.proto.RaftServerpb.RaftLocalState;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import io.kiln.proto.RaftServerpb.StoreIdent;
import io.kiln.raftstore.apply.ApplyFsm;
import io.kiln.raftstore.apply.ApplyHandler;
import io.kiln.raftstore.batch.BatchSystem;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RaftStoreKv;
import io.kiln.raftstore.peer.PeerFsm;
import io.kiln.raftstore.peer.PeerHandler;
import io.kiln.raftstore.peer.PeerMsg;
import io.kiln.raftstore.peer.PeerStorage;
import io.kiln.raftstore.peer.WriteStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.raftstore.snap.RegionWorker;
import io.kiln.raftstore.snap.SnapApplier;
import io.kiln.raftstore.snap.SnapKey;
import io.kiln.raftstore.snap.SnapManager;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store: every region peer this node holds, the two batch systems that drive them (raft and
 * apply), the tick timer, and the entry points for raft messages from other stores and commands
 * from clients. Built over engines that {@link StoreBootstrap} prepared; {@link #start()} loads
 * every region from the kv engine; {@link #close()} stops the threads (the caller closes the
 * engines).
 */
public final class RaftStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RaftStore.class);

  private final StoreContext ctx;
  private final ConcurrentHashMap<Long, PeerFsm> peers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, ApplyFsm> applies = new ConcurrentHashMap<>();
  private final WriteStats writeStats = new WriteStats();
  private final BatchSystem<PeerFsm> raftSystem;
  private final BatchSystem<ApplyFsm> applySystem;
  private final RaftStoreKv raftKv;
  private ScheduledExecutorService ticker;
  private final PeerCreator creator = new PeerCreator(this);
  /** Seeds of the peers' election jitter; from {@link #setElectionSeed} or a logged random seed. */
  private java.util.Random peerSeeds;
  private volatile boolean running;

  /** A store over bootstrapped engines, keeping region snapshots in {@code snapDir}. */
  public RaftStore(long storeId, RaftStoreConfig config, KvEngine kv, RaftEngine raftEngine,
      Transport transport, LongSupplier nanoClock, Path snapDir) {
    StoreIdent ident = StoreBootstrap.storeIdent(kv);
    if (ident == null) {
      throw new IllegalStateException("the kv engine was not bootstrapped as a store (StoreBootstrap.bootstrapStore)");
    }
    if (ident.getStoreId() != storeId) {
      throw new IllegalStateException("the engine belongs to store " + ident.getStoreId() + ", not " + storeId);
    }
    FailPoints failPoints = new FailPoints();
    this.ctx = new StoreContext(storeId, config, kv, raftEngine, transport, nanoClock, failPoints,
        new RaftLogGcWorker(storeId, kv, raftEngine, failPoints), new SnapManager(snapDir),
        new RegionWorker(storeId), new java.util.concurrent.atomic.AtomicReference<>(PdReporter.NONE));
    this.raftSystem = new BatchSystem<>("raftstore-" + storeId, config.storePoolSize(),
        config.maxBatchSize(), () -> new PeerHandler(ctx, writeStats));
    this.applySystem = new BatchSystem<>("apply-" + storeId, config.applyPoolSize(),
        config.maxBatchSize(), () -> new ApplyHandler(ctx, r -> {
          PeerFsm p = peers.get(r.regionId());
          if (p != null) {
            p.send(new PeerMsg.Applied(r));
          }
        }));
    this.raftKv = new RaftStoreKv(this);
  }

  /**
   * Makes the peers' election jitter reproducible: each peer's raft random is seeded from a
   * generator started at {@code seed} (in load order). Without it the store picks a seed and logs it.
   */
  public synchronized void setElectionSeed(long seed) {
    peerSeeds = new java.util.Random(seed);
  }

  synchronized long nextPeerSeed() {
    if (peerSeeds == null) {
      long seed = ThreadLocalRandom.current().nextLong();
      LOG.info("store {}: election seed {}", ctx.storeId(), seed);
      peerSeeds = new java.util.Random(seed);
    }
    return peerSeeds.nextLong();
  }

  /** Loads every region of this store and starts its threads. */
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException("store " + ctx.storeId() + " is already running");
    }
    loadRegions();
    applySystem.start();
    raftSystem.start();
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "raft-tick-" + ctx.storeId());
      t.setDaemon(true);
      return t;
    });
    long tick = ctx.config().raftBaseTickIntervalMs();
    // Fixed delay, never a burst of late ticks: a tick always stands for at least one interval.
    ticker.scheduleWithFixedDelay(this::tickAll, tick, tick, TimeUnit.MILLISECONDS);
    running = true;
    LOG.info("store {} started with {} regions", ctx.storeId(), peers.size());
  }

  public long storeId() {
    return ctx.storeId();
  }

  /** A raft message from another store (called by the transport's receiving side). */
  public void onRaftMessage(RaftMessage msg) {
    if (msg.getToPeer().getStoreId() != ctx.storeId()) {
      LOG.debug("store {} drops a message for store {}", ctx.storeId(), msg.getToPeer().getStoreId());
      return;
    }
    if (msg.getMessage().getMsgType() == MessageType.MsgSnapshot
        && !SnapApplier.present(ctx.snapManager(), SnapKey.of(msg.getRegionId(), msg.getMessage().getSnapshot()))) {
      LOG.warn("store {} drops a snapshot message for region {} whose files did not arrive (snapshots"
          + " travel through the snapshot stream)", ctx.storeId(), msg.getRegionId());
      return;
    }
    PeerFsm p = peers.get(msg.getRegionId());
    if (p == null) {
      p = creator.maybeCreate(msg);
      if (p == null) {
        return;
      }
    }
    p.send(new PeerMsg.Raft(msg));
  }

  /**
   * The transport finished sending the snapshot of {@code regionId} to {@code toPeerId}: raft
   * learns whether the follower has it (and stops or resumes replicating to it).
   */
  public void onSnapshotSent(long regionId, long toPeerId, boolean ok) {
    PeerFsm p = peers.get(regionId);
    if (p != null) {
      p.send(new PeerMsg.SnapshotStatus(toPeerId, ok));
    }
  }

  /** Where leaders report their regions (set by the server before {@link #start()}). */
  public void setPdReporter(PdReporter reporter) {
    ctx.pdReporter().set(reporter);
  }

  /** Have every leader report its region now (after PD restarts, for example). */
  public void reportAllRegions() {
    for (PeerFsm p : peers.values()) {
      p.send(new PeerMsg.Tick(true));
    }
  }

  /**
   * The transport cannot reach {@code storeId}: every leader here stops pipelining to its peer on
   * that store and probes it instead (raft's ReportUnreachable).
   */
  public void reportUnreachable(long storeId) {
    for (PeerFsm p : peers.values()) {
      p.send(new PeerMsg.Unreachable(storeId));
    }
  }

  public SnapManager snapManager() {
    return ctx.snapManager();
  }

  /** Runs a command (reads, writes, transfer leader) on the region named in its header. */
  public void propose(RaftCmdRequest request, CmdCallback callback) {
    long regionId = request.getHeader().getRegionId();
    PeerFsm p = peers.get(regionId);
    if (p == null || !running) {
      callback.onResult(RegionErrors.result(RegionErrors.regionNotFound(regionId)));
      return;
    }
    if (p.pending() >= ctx.config().notifyCapacity()) {
      callback.onResult(RegionErrors.result(RegionErrors.serverIsBusy(
          "region " + regionId + " has " + p.pending() + " messages waiting")));
      return;
    }
    if (!p.send(new PeerMsg.Command(request, callback, ctx.now()))) {
      callback.onResult(RegionErrors.result(RegionErrors.regionNotFound(regionId)));
    }
  }

  public RaftKv raftKv() {
    return raftKv;
  }

  /** The region as this store's peer last saw it. */
  public Optional<Region> region(long regionId) {
    PeerFsm p = peers.get(regionId);
    return p == null ? Optional.empty() : Optional.of(p.region());
  }

  /** This store's peer of the region, if any. */
  public Optional<Peer> peer(long regionId) {
    Region r = region(regionId).orElse(null);
    if (r == null) {
      return Optional.empty();
    }
    return r.getPeersList().stream().filter(p -> p.getStoreId() == ctx.storeId()).findFirst();
  }

  /** True if this store's peer believes it leads the region (it may be deposed without knowing). */
  public boolean isLeader(long regionId) {
    PeerFsm p = peers.get(regionId);
    return p != null && p.isLeader();
  }

  /** Regions this store holds a peer of. */
  public int regionCount() {
    return peers.size();
  }

  /** The ids of the regions this store holds a peer of, in no order. */
  public java.util.List<Long> regionIds() {
    return java.util.List.copyOf(peers.keySet());
  }

  /** How many regions this store's peers believe they lead. */
  public long leaderCount() {
    return peers.values().stream().filter(PeerFsm::isLeader).count();
  }

  public WriteStats writeStats() {
    return writeStats;
  }

  public FailPoints failPoints() {
    return ctx.failPoints();
  }

  public RaftLogGcWorker logGc() {
    return ctx.logGc();
  }

  public StoreContext context() {
    return ctx;
  }

  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    ticker.shutdownNow();
    raftSystem.shutdown();
    applySystem.shutdown();
    ctx.logGc().close();
    ctx.regionWorker().close();
    for (PeerFsm p : peers.values()) {
      p.stop();
    }
    for (ApplyFsm a : applies.values()) {
      a.stop();
    }
    LOG.info("store {} stopped", ctx.storeId());
  }

  private void tickAll() {
    for (PeerFsm p : peers.values()) {
      p.send(PeerMsg.Tick.BASE);
    }
  }

  private void loadRegions() {
    List<RegionLocalState> states = new ArrayList<>();
    try (EngineIterator it = ctx.kv().iterator(Cf.RAFT, RaftEngineKeys.regionMetaMinKey(),
        RaftEngineKeys.regionMetaMaxKey())) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        RegionLocalState state = RegionLocalState.parseFrom(it.value());
        if (state.getState() != PeerState.Tombstone) {
          states.add(state);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("store " + ctx.storeId() + ": corrupted region state", e);
    }
    Set<SnapKey> applying = new HashSet<>();
    for (RegionLocalState st : states) {
      if (st.getState() == PeerState.Applying) {
        applying.add(SnapshotRecovery.pendingKey(ctx, st.getRegion().getId()));
      }
    }
    ctx.snapManager().cleanAtStartup(applying);
    for (RegionLocalState st : states) {
      try {
        PeerFsm p = loadPeer(st.getRegion(), st.getState() == PeerState.Applying);
        if (st.getState() == PeerState.Applying) {
          p.resumeSnapshotApply(SnapshotRecovery.pendingKey(ctx, st.getRegion().getId()));
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("store " + ctx.storeId() + ": corrupted state of region "
            + st.getRegion().getId(), e);
      }
    }
  }

  private PeerFsm loadPeer(Region region, boolean applyingSnapshot) throws InvalidProtocolBufferException {
    if (applyingSnapshot) {
      SnapshotRecovery.repairRaftState(ctx, region.getId());
    }
    long id = region.getId();
    Peer self = region.getPeersList().stream().filter(p -> p.getStoreId() == ctx.storeId()).findFirst()
        .orElseThrow(() -> new IllegalStateException("store " + ctx.storeId() + " holds region " + id
            + " but is not among its peers " + region.getPeersList()));
    byte[] rs = ctx.raftEngine().raftState(id);
    byte[] as = ctx.kv().get(Cf.RAFT, RaftEngineKeys.applyStateKey(id));
    if (rs == null || as == null) {
      throw new IllegalStateException("store " + ctx.storeId() + ": region " + id + " lacks its "
          + (rs == null ? "raft state" : "apply state"));
    }
    RaftApplyState applyState = RaftApplyState.parseFrom(as);
    RaftLocalState raftState = forwardCommit(id, RaftLocalState.parseFrom(rs), applyState);
    PeerStorage storage = new PeerStorage(id, region, ctx.raftEngine(), raftState, applyState);
    long appliedTerm = storage.term(applyState.getAppliedIndex());
    ApplyFsm apply = new ApplyFsm(self.getId(), region, applyState, appliedTerm);
    long seed = nextPeerSeed();
    PeerFsm peer = new PeerFsm(ctx, self, storage, apply, appliedTerm, seed, () -> removePeer(id));
    LOG.debug("store {} loads region {} (peer {}, applied {}, election seed {})", ctx.storeId(), id,
        self.getId(), applyState.getAppliedIndex(), seed);
    applies.put(id, apply);
    peers.put(id, peer);
    // entries a crash left behind below the truncated index (GC is not atomic with truncation)
    ctx.logGc().schedule(id, 0, applyState.getTruncatedState().getIndex() + 1);
    applySystem.register(apply);
    raftSystem.register(peer);
    return peer;
  }

  /**
   * The commit index in the raft state is written without fsync, so after a power cut it can
   * trail the applied index that the kv engine kept (TiKV's {@code validate_states} does the
   * same): whatever was applied was committed. The log itself is synced before anything is
   * applied, so it always reaches the applied index.
   */
  private RaftLocalState forwardCommit(long regionId, RaftLocalState rs, RaftApplyState as) {
    long applied = as.getAppliedIndex();
    if (rs.getLastIndex() < applied) {
      throw new IllegalStateException("store " + ctx.storeId() + ": region " + regionId + " applied "
          + applied + " but its raft log ends at " + rs.getLastIndex() + " (raft engine lost synced writes?)");
    }
    if (rs.getHardState().getCommit() >= applied) {
      return rs;
    }
    return rs.toBuilder().setHardState(rs.getHardState().toBuilder().setCommit(applied)).build();
  }

  /** Registers a peer made by {@link PeerCreator} for a region this store did not hold. */
  void addPeer(PeerFsm peer, ApplyFsm apply) {
    long id = peer.regionId();
    applies.put(id, apply);
    peers.put(id, peer);
    applySystem.register(apply);
    raftSystem.register(peer);
  }

  void removePeer(long regionId) {
    peers.remove(regionId);
    applies.remove(regionId);
  }

  PeerFsm peerFsm(long regionId) {
    return peers.get(regionId);
  }

  boolean hasPeer(long regionId) {
    return peers.containsKey(regionId);
  }
}
