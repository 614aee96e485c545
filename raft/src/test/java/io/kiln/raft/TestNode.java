package io.kiln.raft;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.proto.Eraftpb.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A raft node for tests: a RawNode on a MemoryStorage, with the Ready loop done the way the
 * package documentation shows, recording what it applied. {@link #restart} rebuilds the node from
 * its storage, as after a crash.
 */
final class TestNode {

  final long id;
  final MemoryStorage storage;
  final Config.Builder config;
  RawNode node;
  /** Normal entries applied, in order (including empty ones a leader appends). */
  final List<Entry> applied = new ArrayList<>();
  final List<ReadState> readStates = new ArrayList<>();
  ConfState confState;
  /** Every membership this node applied (from conf change entries or snapshots), in order. */
  final List<ConfState> confHistory = new ArrayList<>();
  /** Snapshots this node installed from Readies, in order. */
  final List<io.kiln.proto.Eraftpb.Snapshot> snapshots = new ArrayList<>();

  TestNode(long id, MemoryStorage storage, Config.Builder config) {
    this.id = id;
    this.storage = storage;
    this.config = config;
    this.node = new RawNode(config.build(), storage);
    this.confState = storage.initialState().confState();
  }

  /** Runs one Ready round; messages go to {@code out}. Returns false if there was nothing to do. */
  boolean handleReady(Consumer<Message> out) {
    if (!node.hasReady()) {
      return false;
    }
    Ready rd = node.ready();
    rd.messages().forEach(out);
    if (rd.snapshot() != null) {
      storage.applySnapshot(rd.snapshot());
      confState = rd.snapshot().getMetadata().getConfState();
      snapshots.add(rd.snapshot());
      confHistory.add(confState);
      applied.clear(); // the state machine is replaced by the snapshot's
    }
    storage.append(rd.entries());
    if (rd.hardState() != null) {
      storage.setHardState(rd.hardState());
    }
    rd.persistedMessages().forEach(out);
    for (Entry e : rd.committedEntries()) {
      if (e.getEntryType() == EntryType.EntryNormal) {
        applied.add(e);
      } else {
        confState = node.applyConfChange(ConfChanges.fromEntry(e));
        storage.setConfState(confState);
        confHistory.add(confState);
      }
    }
    readStates.addAll(rd.readStates());
    node.advance(rd);
    return true;
  }

  /** Data of the non-empty entries applied, as strings. */
  List<String> appliedData() {
    List<String> out = new ArrayList<>();
    for (Entry e : applied) {
      if (!e.getData().isEmpty()) {
        out.add(e.getData().toStringUtf8());
      }
    }
    return out;
  }

  void propose(String data) {
    node.propose(ByteString.EMPTY, ByteString.copyFromUtf8(data));
  }

  void proposeConfChange(ConfChange cc) {
    node.proposeConfChange(ByteString.EMPTY, cc);
  }

  void proposeConfChange(ConfChangeV2 cc) {
    node.proposeConfChange(ByteString.EMPTY, cc);
  }

  /** Rebuilds the node from what it persisted, forgetting everything in memory. */
  void restart() {
    long appliedIndex = applied.isEmpty() ? 0 : 0; // the state machine is rebuilt by replay
    applied.clear();
    readStates.clear();
    node = new RawNode(config.applied(appliedIndex).build(), storage);
    confState = storage.initialState().confState();
  }

  /**
   * Rebuilds the node from what it persisted, as an application that persisted its applied index
   * (and the state machine) would: entries up to {@code appliedIndex} are not replayed.
   */
  void restartApplied(long appliedIndex) {
    readStates.clear();
    node = new RawNode(config.applied(appliedIndex).build(), storage);
    config.applied(0);
    confState = storage.initialState().confState();
  }

  Status status() {
    return node.status();
  }

  /** The leader's progress of {@code peer} (live object: read, do not keep). */
  io.kiln.raft.tracker.Progress progress(long peer) {
    return raft().prs.get(peer);
  }

  Raft raft() {
    return RawNodeAccess.raft(node);
  }
}
