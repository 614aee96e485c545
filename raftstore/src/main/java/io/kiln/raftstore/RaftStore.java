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
import java.util.Optional;
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
  private volatile boolean running;

  public RaftStore(long storeId, RaftStoreConfig config, KvEngine kv, RaftEngine raftEngine,
      Transport transport, LongSupplier nanoClock) {
    StoreIdent ident = StoreBootstrap.storeIdent(kv);
    if (ident == null) {
      throw new IllegalStateException("the kv engine was not bootstrapped as a store (StoreBootstrap.bootstrapStore)");
    }
    if (ident.getStoreId() != storeId) {
      throw new IllegalStateException("the engine belongs to store " + ident.getStoreId() + ", not " + storeId);
    }
    this.ctx = new StoreContext(storeId, config, kv, raftEngine, transport, nanoClock);
    this.raftSystem = new BatchSystem<>("raftstore-" + storeId, config.storePoolSize(),
        config.maxBatchSize(), () -> new PeerHandler(ctx, writeStats));
    this.applySystem = new BatchSystem<>("apply-" + storeId, config.applyPoolSize(),
        config.maxBatchSize(), () -> new ApplyHandler(kv, config.messagesPerTick(), r -> {
          PeerFsm p = peers.get(r.regionId());
          if (p != null) {
            p.send(new PeerMsg.Applied(r));
          }
        }));
    this.raftKv = new RaftStoreKv(this);
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
    PeerFsm p = peers.get(msg.getRegionId());
    if (p == null) {
      // Creating a peer for a region this store does not hold needs snapshots (a later issue).
      LOG.debug("store {} drops a message for unknown region {}", ctx.storeId(), msg.getRegionId());
      return;
    }
    p.send(new PeerMsg.Raft(msg));
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

  public WriteStats writeStats() {
    return writeStats;
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
      p.send(PeerMsg.Tick.INSTANCE);
    }
  }

  private void loadRegions() {
    try (EngineIterator it = ctx.kv().iterator(Cf.RAFT, RaftEngineKeys.regionMetaMinKey(),
        RaftEngineKeys.regionMetaMaxKey())) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        RegionLocalState state = RegionLocalState.parseFrom(it.value());
        if (state.getState() == PeerState.Tombstone) {
          continue;
        }
        loadPeer(state.getRegion());
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("store " + ctx.storeId() + ": corrupted region state", e);
    }
  }

  private void loadPeer(Region region) throws InvalidProtocolBufferException {
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
    PeerStorage storage = new PeerStorage(id, region, ctx.raftEngine(), RaftLocalState.parseFrom(rs), applyState);
    long appliedTerm = storage.term(applyState.getAppliedIndex());
    ApplyFsm apply = new ApplyFsm(self.getId(), region, applyState, appliedTerm);
    long seed = ThreadLocalRandom.current().nextLong();
    PeerFsm peer = new PeerFsm(ctx, self, storage, apply, appliedTerm, seed, () -> {
      peers.remove(id);
      applies.remove(id);
    });
    LOG.debug("store {} loads region {} (peer {}, applied {}, election seed {})", ctx.storeId(), id,
        self.getId(), applyState.getAppliedIndex(), seed);
    applies.put(id, apply);
    peers.put(id, peer);
    applySystem.register(apply);
    raftSystem.register(peer);
  }
}
