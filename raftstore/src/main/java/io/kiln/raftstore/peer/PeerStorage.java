package io.kiln.raftstore.peer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.engine.Cf;
import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RaftTruncatedState;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import io.kiln.engine.RaftLogBatch;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.PeerRole;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftServerpb.RaftApplyState;
import io.kiln.proto.RaftServerpb.RaftLocalState;
import io.kiln.raft.RaftState;
import io.kiln.raft.RaftStorageException;
import io.kiln.raft.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer's raft log as raft reads it (TiKV's {@code PeerStorage}): entries and RaftLocalState in
 * the raft engine, RaftApplyState (applied index, truncated state) as last reported by apply, and
 * the region. Only the peer's poller thread touches it.
 *
 * <p>Writes happen in two steps so that many peers share one fsync: {@link #append} puts a
 * Ready's entries and hard state into the round's batch and returns the state they produce;
 * {@link #onPersisted} adopts that state once the batch is durable. Until then raft still holds
 * those entries in its unstable log, so reads here never need them.
 */
public final class PeerStorage implements Storage {

  /** TiKV starts a bootstrapped region's log at index 5, term 5. */
  public static final long RAFT_INIT_LOG_INDEX = 5;
  public static final long RAFT_INIT_LOG_TERM = 5;

  private final long regionId;
  private final RaftEngine raftEngine;
  private Region region;
  private RaftLocalState raftState;
  private RaftApplyState applyState;
  private long lastTerm;
  /** Approximate bytes of the entries in the log (not exact after a restart: it starts at 0). */
  private long logSizeHint;
  private final java.util.concurrent.atomic.AtomicReference<Snapshot> generated = new java.util.concurrent.atomic.AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean generating = new java.util.concurrent.atomic.AtomicBoolean();
  private Runnable snapshotRequests = () -> generating.set(false);

  public PeerStorage(long regionId, Region region, RaftEngine raftEngine, RaftLocalState raftState,
      RaftApplyState applyState) {
    this.regionId = regionId;
    this.region = region;
    this.raftEngine = raftEngine;
    this.raftState = raftState;
    this.applyState = applyState;
    this.lastTerm = raftState.getLastIndex() == truncatedIndex()
        ? applyState.getTruncatedState().getTerm()
        : termFromEngine(raftState.getLastIndex());
  }

  // ------------------------------------------------------------------ raft's Storage

  @Override
  public RaftState initialState() {
    return new RaftState(raftState.getHardState(), confStateOf(region));
  }

  @Override
  public List<Entry> entries(long low, long high, long maxSize) {
    checkRange(low, high);
    List<byte[]> raw = new ArrayList<>((int) Math.min(high - low, 1024));
    raftEngine.fetchEntries(regionId, low, high, maxSize, raw);
    if (raw.isEmpty() && low < high) {
      throw new IllegalStateException("region " + regionId + ": raft log entry " + low
          + " is missing from the raft engine (first " + firstIndex() + ", last " + lastIndex() + ")");
    }
    List<Entry> out = new ArrayList<>(raw.size());
    for (byte[] b : raw) {
      out.add(parse(b));
    }
    return out;
  }

  @Override
  public long term(long index) {
    long truncated = truncatedIndex();
    if (index == truncated) {
      return applyState.getTruncatedState().getTerm();
    }
    if (index < truncated) {
      throw new RaftStorageException.Compacted(index, truncated + 1);
    }
    if (index > lastIndex()) {
      throw new RaftStorageException.Unavailable(index, lastIndex());
    }
    if (index == lastIndex()) {
      return lastTerm;
    }
    return termFromEngine(index);
  }

  @Override
  public long firstIndex() {
    return truncatedIndex() + 1;
  }

  @Override
  public long lastIndex() {
    return raftState.getLastIndex();
  }

  /**
   * The latest generated snapshot if it is still usable (the log continues right after it);
   * otherwise asks apply to generate one and answers "temporarily unavailable": raft retries on
   * a later heartbeat response (seed 002's asynchronous generation).
   */
  @Override
  public Snapshot snapshot(long requestIndex, long to) {
    Snapshot s = generated.get();
    if (s != null && s.getMetadata().getIndex() >= truncatedIndex()) {
      return s;
    }
    if (!generating.getAndSet(true)) {
      snapshotRequests.run();
    }
    throw new RaftStorageException.SnapshotTemporarilyUnavailable();
  }

  /** Called on the region worker when a snapshot is ready (or with null when it failed). */
  public void onSnapshotGenerated(Snapshot s) {
    if (s != null) {
      generated.set(s);
    }
    generating.set(false);
  }

  /** The generated snapshot is no longer needed (sent, or superseded). */
  public Snapshot dropGeneratedSnapshot() {
    return generated.getAndSet(null);
  }

  public void setSnapshotRequests(Runnable r) {
    this.snapshotRequests = r;
  }

  /**
   * Installs a snapshot from the leader (seed 002): the kv engine gets RegionLocalState {@code
   * Applying} and the apply state at the snapshot (written and synced now, before the raft state
   * that points past the old log), the round's raft batch gets the log cleared and the new
   * RaftLocalState. The region's data is replaced later by the region worker ({@code
   * SnapApplier}); a crash in between is repaired at restart from the {@code Applying} state.
   */
  public Pending applySnapshot(KvEngine kv, RaftLogBatch batch, Snapshot snap, Region newRegion, HardState hs) {
    long idx = snap.getMetadata().getIndex();
    long term = snap.getMetadata().getTerm();
    RaftApplyState apply = applyState.toBuilder().setAppliedIndex(idx).setCommitIndex(idx).setCommitTerm(term)
        .setTruncatedState(RaftTruncatedState.newBuilder().setIndex(idx).setTerm(term)).build();
    try (WriteBatch wb = kv.newWriteBatch()) {
      wb.put(Cf.RAFT, RaftEngineKeys.applyStateKey(regionId), apply.toByteArray());
      wb.put(Cf.RAFT, RaftEngineKeys.regionStateKey(regionId), RegionLocalState.newBuilder()
          .setState(PeerState.Applying).setRegion(newRegion).build().toByteArray());
      kv.write(wb, true);
    }
    batch.cutLogs(regionId, 0, Math.max(raftState.getLastIndex(), idx) + 1);
    HardState base = hs != null ? hs : raftState.getHardState();
    HardState h = base.toBuilder().setCommit(Math.max(base.getCommit(), idx)).build();
    RaftLocalState s = RaftLocalState.newBuilder().setHardState(h).setLastIndex(idx).build();
    batch.putRaftState(regionId, s.toByteArray());
    this.applyState = apply;
    this.region = newRegion;
    this.logSizeHint = 0;
    return new Pending(s, term, 0);
  }

  // ------------------------------------------------------------------ writes

  /** The state after a Ready's writes, to adopt with {@link #onPersisted} once durable. */
  public record Pending(RaftLocalState state, long lastTerm, long bytes) {}

  /**
   * Puts {@code entries} (which may overwrite a conflicting tail) and {@code hardState} (null if
   * unchanged) into {@code batch}; returns the resulting state.
   */
  public Pending append(RaftLogBatch batch, List<Entry> entries, HardState hardState, Pending previous) {
    RaftLocalState base = previous == null ? raftState : previous.state();
    long baseLastTerm = previous == null ? lastTerm : previous.lastTerm();
    RaftLocalState.Builder next = base.toBuilder();
    long newLastTerm = baseLastTerm;
    long bytes = previous == null ? 0 : previous.bytes();
    if (!entries.isEmpty()) {
      long prevLast = base.getLastIndex();
      for (Entry e : entries) {
        byte[] b = e.toByteArray();
        bytes += b.length;
        batch.append(regionId, e.getIndex(), b);
      }
      Entry last = entries.get(entries.size() - 1);
      if (last.getIndex() < prevLast) {
        batch.cutLogs(regionId, last.getIndex() + 1, prevLast + 1);
      }
      next.setLastIndex(last.getIndex());
      newLastTerm = last.getTerm();
    }
    if (hardState != null) {
      next.setHardState(hardState);
    }
    RaftLocalState s = next.build();
    batch.putRaftState(regionId, s.toByteArray());
    return new Pending(s, newLastTerm, bytes);
  }

  public void onPersisted(Pending p) {
    raftState = p.state();
    lastTerm = p.lastTerm();
    logSizeHint += p.bytes();
  }

  /** The log was truncated at {@code index} (the apply state says so already). */
  public void onCompacted(long index) {
    long remaining = lastIndex() - index;
    long total = lastIndex() - firstIndex() + 1;
    if (total > 0 && remaining >= 0) {
      logSizeHint = logSizeHint * remaining / Math.max(total, 1);
    }
  }

  public long logSizeHint() {
    return logSizeHint;
  }

  // ------------------------------------------------------------------ state

  public Region region() {
    return region;
  }

  public void setRegion(Region region) {
    this.region = region;
  }

  public RaftApplyState applyState() {
    return applyState;
  }

  public void setApplyState(RaftApplyState applyState) {
    this.applyState = applyState;
  }

  public RaftLocalState raftState() {
    return raftState;
  }

  public long appliedIndex() {
    return applyState.getAppliedIndex();
  }

  public boolean initialized() {
    return region.getPeersCount() > 0;
  }

  /** Voters and learners of {@code region} as raft's membership. */
  public static ConfState confStateOf(Region region) {
    ConfState.Builder cs = ConfState.newBuilder();
    for (Peer p : region.getPeersList()) {
      if (p.getRole() == PeerRole.Learner) {
        cs.addLearners(p.getId());
      } else {
        cs.addVoters(p.getId());
      }
    }
    return cs.build();
  }

  private long truncatedIndex() {
    return applyState.getTruncatedState().getIndex();
  }

  private void checkRange(long low, long high) {
    if (low > high) {
      throw new IllegalArgumentException("region " + regionId + ": low " + low + " > high " + high);
    }
    if (low <= truncatedIndex()) {
      throw new RaftStorageException.Compacted(low, truncatedIndex() + 1);
    }
    if (high > lastIndex() + 1) {
      throw new RaftStorageException.Unavailable(high - 1, lastIndex());
    }
  }

  private long termFromEngine(long index) {
    byte[] b = raftEngine.entry(regionId, index);
    if (b == null) {
      throw new IllegalStateException("region " + regionId + ": raft log entry " + index
          + " is missing from the raft engine (first " + firstIndex() + ", last " + lastIndex() + ")");
    }
    return parse(b).getTerm();
  }

  private Entry parse(byte[] b) {
    try {
      return Entry.parseFrom(b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("region " + regionId + ": corrupted raft log entry", e);
    }
  }
}
