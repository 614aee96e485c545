package io.kiln.raft.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.raft.Config;
import io.kiln.raft.MemoryStorage;
import io.kiln.raft.RawNode;
import io.kiln.raft.ReadState;
import io.kiln.raft.Ready;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * One simulated server: a {@link RawNode} over a {@link MemoryStorage} (its disk), the Ready loop
 * in either the synchronous style ({@code advance}) or the asynchronous one (writes complete later
 * as PERSIST events, then {@code onPersistReady}), and a state machine of applied payloads that
 * can be compacted into a snapshot (and installed from one) and that applies membership changes. A
 * crash loses the RawNode, unfinished writes and (unless the state machine is durable) what was
 * applied; a restart rebuilds everything from the storage.
 */
final class SimNode {

  /** What the node reports to the rest of the simulation. */
  interface Hooks {
    void send(SimNode from, Message m);

    /** The node's log (as handed out for writing) changed from {@code fromIndex} on. */
    void logChanged(SimNode n, long fromIndex);

    void applied(SimNode n, Entry e);

    void readState(SimNode n, ReadState rs);

    /** An asynchronous write of Ready {@code number} was started; schedule its completion. */
    void writeStarted(SimNode n, long number);

    /** The entry applied at {@code index} (by any node); stands in for compacted log entries. */
    Entry appliedAt(long index);
  }

  final long id;
  final boolean async;
  private final boolean durableSm;
  private final Config.Builder config;
  private final Hooks hooks;
  final MemoryStorage storage;
  RawNode raw; // null while down
  int incarnation;

  /** The log as this node last handed it out to be written: position i holds index i. */
  final ArrayList<Entry> view = new ArrayList<>();
  private final ArrayDeque<Ready> writes = new ArrayDeque<>();

  /** The state machine: the highest index applied, the payload of every index, and the set of them. */
  long smApplied;
  private final ArrayList<ByteString> smLog = new ArrayList<>(List.of(ByteString.EMPTY));
  final Set<ByteString> smData = new HashSet<>();
  /** The membership from each index on, as the state machine applied it (part of its state). */
  private final TreeMap<Long, ConfState> confAt = new TreeMap<>();
  /** Set when this node, as leader, applied its own removal: the application hands over. */
  boolean removedLeader;

  SimNode(long id, boolean async, boolean durableSm, Config.Builder config, MemoryStorage storage,
      Hooks hooks) {
    this.id = id;
    this.async = async;
    this.durableSm = durableSm;
    this.config = config;
    this.storage = storage;
    this.hooks = hooks;
    view.add(Entry.getDefaultInstance());
    confAt.put(0L, storage.initialState().confState());
    raw = new RawNode(config.applied(0).build(), storage);
  }

  /** The membership this node's state machine last applied. */
  ConfState confState() {
    return confAt.lastEntry().getValue();
  }

  boolean up() {
    return raw != null;
  }

  /** Loses everything not on disk. */
  void crash() {
    raw = null;
    incarnation++;
    writes.clear();
    removedLeader = false;
    if (!durableSm) {
      restoreStateMachine(storage.snapshot(0, 0));
    }
  }

  /** Starts again from the storage, as after a process restart. */
  void restart() {
    long commit = storage.hardState().getCommit();
    long applied = durableSm ? Math.min(smApplied, commit) : 0;
    // Raft restarts from the membership at the applied index it is given; MemoryStorage keeps one
    // membership only (its snapshot's), so lend it the right one while the node is built.
    ConfState snapConf = storage.initialState().confState();
    storage.setConfState(confAt.floorEntry(Math.max(applied, storage.firstIndex() - 1)).getValue());
    raw = new RawNode(config.applied(applied).build(), storage);
    storage.setConfState(snapConf);
    resetView(storage.firstIndex() - 1);
    long last = storage.lastIndex();
    if (last >= storage.firstIndex()) {
      view.addAll(storage.entries(storage.firstIndex(), last + 1, Long.MAX_VALUE));
    }
    hooks.logChanged(this, 1);
  }

  /** The log up to a snapshot at {@code index}: the entries applied there (compacted here). */
  private void resetView(long index) {
    view.clear();
    view.add(Entry.getDefaultInstance());
    for (long i = 1; i <= index; i++) {
      view.add(hooks.appliedAt(i));
    }
  }

  /**
   * Compacts the log up to what is applied and known committed on disk, keeping a snapshot of the
   * state machine there. Returns the snapshot index, or 0 if there was nothing to compact.
   */
  long compact() {
    long index = Math.min(smApplied, Math.min(storage.hardState().getCommit(), storage.lastIndex()));
    if (index < storage.firstIndex()) {
      return 0;
    }
    StringBuilder data = new StringBuilder();
    for (int i = 1; i <= index; i++) {
      data.append(i == 1 ? "" : ",").append(smLog.get(i).toStringUtf8());
    }
    storage.createSnapshot(index, confAt.floorEntry(index).getValue(), ByteString.copyFromUtf8(data.toString()));
    storage.compact(index);
    return index;
  }

  private void restoreStateMachine(Snapshot snap) {
    long index = snap.getMetadata().getIndex();
    confAt.clear();
    confAt.put(index, snap.getMetadata().getConfState());
    smLog.clear();
    smLog.add(ByteString.EMPTY);
    smData.clear();
    if (index > 0) {
      for (String p : snap.getData().toStringUtf8().split(",", -1)) {
        ByteString b = ByteString.copyFromUtf8(p);
        smLog.add(b);
        if (!b.isEmpty()) {
          smData.add(b);
        }
      }
      if (smLog.size() != index + 1) {
        throw new AssertionError("n" + id + ": snapshot at " + index + " holds " + (smLog.size() - 1) + " entries");
      }
    }
    smApplied = index;
  }

  /** Handles every Ready the node has. */
  void handleReadies() {
    while (raw != null && raw.hasReady()) {
      Ready rd = raw.ready();
      for (Message m : rd.messages()) {
        hooks.send(this, m);
      }
      if (rd.snapshot() != null) {
        resetView(rd.snapshot().getMetadata().getIndex());
        hooks.logChanged(this, 1);
      }
      if (!rd.entries().isEmpty()) {
        long first = rd.entries().get(0).getIndex();
        if (first < 1 || first > view.size()) {
          throw new AssertionError("n" + id + ": Ready entries start at " + first + " but the log ends at "
              + (view.size() - 1));
        }
        view.subList((int) first, view.size()).clear();
        view.addAll(rd.entries());
        hooks.logChanged(this, first);
      }
      if (async) {
        writes.add(rd);
        hooks.writeStarted(this, rd.number());
      } else {
        write(rd);
        for (Message m : rd.persistedMessages()) {
          hooks.send(this, m);
        }
      }
      apply(rd.committedEntries());
      for (ReadState rs : rd.readStates()) {
        hooks.readState(this, rs);
      }
      if (async) {
        if (rd.lastCommittedIndex() > 0) {
          raw.advanceApply(rd.lastCommittedIndex());
        }
      } else {
        raw.advance(rd);
      }
    }
  }

  /**
   * Completes the asynchronous write of Ready {@code number} (and, if {@code batch}, every later
   * one already started), in order. Ignored if that write is already done or was lost in a crash.
   */
  void completeWrites(long number, boolean batch) {
    if (raw == null || writes.isEmpty() || writes.peekFirst().number() > number) {
      return;
    }
    List<Ready> done = new ArrayList<>();
    while (!writes.isEmpty() && (batch || writes.peekFirst().number() <= number)) {
      Ready rd = writes.pollFirst();
      write(rd);
      done.add(rd);
    }
    raw.onPersistReady(done.get(done.size() - 1).number());
    for (Ready rd : done) {
      for (Message m : rd.persistedMessages()) {
        hooks.send(this, m);
      }
    }
    handleReadies();
  }

  private void write(Ready rd) {
    if (rd.snapshot() != null) {
      storage.applySnapshot(rd.snapshot());
      if (rd.snapshot().getMetadata().getIndex() > smApplied) {
        restoreStateMachine(rd.snapshot());
      }
    }
    storage.append(rd.entries());
    if (rd.hardState() != null) {
      storage.setHardState(rd.hardState());
    }
  }

  private void apply(List<Entry> committed) {
    for (Entry e : committed) {
      hooks.applied(this, e);
      boolean normal = e.getEntryType() == EntryType.EntryNormal;
      ConfState cs = null;
      if (!normal) {
        // Raft's membership restarts at the applied index it was given: every conf change handed
        // out must reach it, even one the durable state machine already holds.
        cs = applyConfChange(e);
      }
      if (e.getIndex() <= smApplied) {
        continue; // a durable state machine already has it (replay after restart)
      }
      if (e.getIndex() != smApplied + 1) {
        throw new AssertionError("n" + id + ": applied index " + e.getIndex() + " after " + smApplied);
      }
      smApplied = e.getIndex();
      smLog.add(normal ? e.getData() : ByteString.EMPTY);
      if (normal && !e.getData().isEmpty()) {
        smData.add(e.getData());
      }
      if (cs != null) {
        confAt.put(e.getIndex(), cs);
      }
    }
  }

  private ConfState applyConfChange(Entry e) {
    ConfState cs;
    try {
      cs = e.getEntryType() == EntryType.EntryConfChange
          ? raw.applyConfChange(ConfChange.parseFrom(e.getData()))
          : raw.applyConfChange(ConfChangeV2.parseFrom(e.getData()));
    } catch (InvalidProtocolBufferException ex) {
      throw new AssertionError("n" + id + ": malformed conf change at " + e.getIndex(), ex);
    }
    if (raw.isLeader() && !cs.getVotersList().contains(id) && !cs.getVotersOutgoingList().contains(id)) {
      removedLeader = true;
    }
    return cs;
  }

  @Override
  public String toString() {
    if (raw == null) {
      return "n" + id + " DOWN";
    }
    return "n" + id + (async ? " async" : " sync") + " term=" + raw.term() + " "
        + raw.status().softState().role() + " lead=" + raw.leaderId() + " commit=" + raw.commitIndex()
        + " applied=" + raw.appliedIndex() + " last=" + raw.lastIndex() + " disk.last="
        + storage.lastIndex() + " disk.hs=[" + storage.hardState().toString().replace('\n', ' ').trim()
        + "] writes=" + writes.size() + " sm=" + smApplied + " conf=" + describe(raw.status().confState());
  }

  static String describe(ConfState cs) {
    return "voters" + cs.getVotersList() + (cs.getVotersOutgoingCount() > 0 ? "&" + cs.getVotersOutgoingList() : "")
        + (cs.getLearnersCount() > 0 ? " learners" + cs.getLearnersList() : "")
        + (cs.getLearnersNextCount() > 0 ? " next" + cs.getLearnersNextList() : "");
  }
}
