package io.kiln.raft;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.Eraftpb.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The public face of a raft node. It never blocks, never reads a clock and does no IO: time is
 * {@link #tick()}, input is {@link #step}, {@link #propose} and friends, and output is a {@link
 * Ready} that the application handles and acknowledges. Not thread-safe: one owner at a time.
 *
 * <p>The loop, synchronous form:
 * <pre>{@code
 * while (node.hasReady()) {
 *   Ready rd = node.ready();
 *   transport.send(rd.messages());
 *   storage.write(rd.snapshot(), rd.entries(), rd.hardState(), rd.mustSync());
 *   transport.send(rd.persistedMessages());
 *   stateMachine.apply(rd.committedEntries());   // conf changes: node.applyConfChange(cc)
 *   node.advance(rd);
 * }
 * }</pre>
 */
public final class RawNode {

  private final Raft raft;
  private SoftState prevSoftState;
  private HardState prevHardState;
  private long readyNumber;
  /** Readies handed out and not yet reported persisted, oldest first. */
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  /** What a Ready asked to be written, remembered until it is reported persisted. */
  private record InFlight(long number, long lastIndex, long lastTerm, long snapshotIndex) {}

  public RawNode(Config config, Storage storage) {
    this.raft = new Raft(config, storage);
    this.prevSoftState = raft.softState();
    this.prevHardState = raft.hardState();
  }

  // ------------------------------------------------------------------ input

  /** Advances logical time by one tick (election and heartbeat timeouts count ticks). */
  public void tick() {
    raft.tick();
  }

  /** Starts an election now (if this node may). */
  public void campaign() {
    raft.step(raft.local(MessageType.MsgHup));
  }

  /**
   * Proposes {@code data} as a normal entry.
   *
   * @throws RaftException.ProposalDropped if it cannot be appended now
   */
  public void propose(ByteString context, ByteString data) {
    Entry e = Entry.newBuilder().setData(data).setContext(context).build();
    raft.step(Message.newBuilder().setMsgType(MessageType.MsgPropose).setFrom(raft.id).addEntries(e).build());
  }

  /**
   * Proposes several normal entries at once: they are appended together and travel to each
   * follower in one append message (within {@code maxSizePerMsg}), which is how a busy leader
   * amortises the cost of a replication round.
   *
   * @throws RaftException.ProposalDropped if they cannot be appended now (none is appended)
   */
  public void proposeBatch(List<ByteString> datas) {
    if (datas.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    Message.Builder m = Message.newBuilder().setMsgType(MessageType.MsgPropose).setFrom(raft.id);
    for (ByteString d : datas) {
      m.addEntries(Entry.newBuilder().setData(d));
    }
    raft.step(m.build());
  }

  /** Proposes a single-step membership change. */
  public void proposeConfChange(ByteString context, ConfChange cc) {
    Entry e = Entry.newBuilder().setEntryType(EntryType.EntryConfChange).setData(cc.toByteString())
        .setContext(context).build();
    raft.step(Message.newBuilder().setMsgType(MessageType.MsgPropose).setFrom(raft.id).addEntries(e).build());
  }

  /** Proposes a membership change that may be joint (thesis §4.3). */
  public void proposeConfChange(ByteString context, ConfChangeV2 cc) {
    Entry e = Entry.newBuilder().setEntryType(EntryType.EntryConfChangeV2).setData(cc.toByteString())
        .setContext(context).build();
    raft.step(Message.newBuilder().setMsgType(MessageType.MsgPropose).setFrom(raft.id).addEntries(e).build());
  }

  /**
   * Applies a committed membership change (call it when applying the entry) and returns the
   * membership to store with the state machine.
   */
  public ConfState applyConfChange(ConfChangeV2 cc) {
    return raft.applyConfChange(cc);
  }

  public ConfState applyConfChange(ConfChange cc) {
    return raft.applyConfChange(ConfChanges.fromV1(cc));
  }

  /**
   * Handles a message from another node.
   *
   * @throws RaftException.StepLocalMessage for message types only this node may create
   * @throws RaftException.StepPeerNotFound for a response from a peer not in the group
   */
  public void step(Message m) {
    if (isLocal(m.getMsgType())) {
      throw new RaftException.StepLocalMessage(m.getMsgType().name());
    }
    if (isResponse(m.getMsgType()) && raft.prs.get(m.getFrom()) == null) {
      throw new RaftException.StepPeerNotFound(m.getFrom());
    }
    raft.step(m);
  }

  /**
   * Requests a linearizable read: a {@link ReadState} with {@code ctx} appears in a later Ready
   * once leadership is confirmed. {@code ctx} must be unique per request.
   */
  public void readIndex(ByteString ctx) {
    raft.step(Message.newBuilder().setMsgType(MessageType.MsgReadIndex).setFrom(raft.id)
        .addEntries(Entry.newBuilder().setData(ctx)).build());
  }

  /** Asks the leader to hand leadership to {@code transferee} (thesis §3.10). */
  public void transferLeader(long transferee) {
    raft.step(Message.newBuilder().setMsgType(MessageType.MsgTransferLeader).setFrom(transferee).build());
  }

  /** The transport could not reach {@code id}: its progress falls back to probing. */
  public void reportUnreachable(long id) {
    raft.step(Message.newBuilder().setMsgType(MessageType.MsgUnreachable).setFrom(id).build());
  }

  /** Reports whether the snapshot sent to {@code id} was applied. */
  public void reportSnapshot(long id, SnapshotStatus status) {
    raft.step(Message.newBuilder().setMsgType(MessageType.MsgSnapStatus).setFrom(id)
        .setReject(status == SnapshotStatus.FAILURE).build());
  }

  // ------------------------------------------------------------------ output

  public boolean hasReady() {
    if (!raft.softState().equals(prevSoftState)) {
      return true;
    }
    HardState hs = raft.hardState();
    if (!hs.equals(HardState.getDefaultInstance()) && !hs.equals(prevHardState)) {
      return true;
    }
    return raft.raftLog.unstable.nextSnapshot() != null
        || raft.raftLog.unstable.hasNextEntries()
        || !raft.msgs.isEmpty()
        || !raft.readStates.isEmpty()
        || raft.raftLog.hasNextCommittedEntries();
  }

  /**
   * True if the next Ready will carry a snapshot from the leader. An application that applies
   * asynchronously finishes applying the entries it was already given before it takes that
   * Ready, since the snapshot replaces the state those entries would change.
   */
  public boolean hasPendingSnapshot() {
    return raft.raftLog.unstable.nextSnapshot() != null;
  }

  /** Collects what the application must do now; the next Ready holds only what is new. */
  public Ready ready() {
    Raft r = raft;
    SoftState ss = r.softState();
    HardState hs = r.hardState();
    List<Entry> entries = r.raftLog.unstable.nextEntries();
    Snapshot snapshot = r.raftLog.unstable.nextSnapshot();
    List<Entry> committed = r.raftLog.nextCommittedEntries();
    List<Message> messages = List.of();
    List<Message> persisted = List.of();
    if (!r.msgs.isEmpty()) {
      // A leader's messages never depend on its own pending write; everyone else's may
      // (a vote or an append acknowledgement must not outrun the write that backs it).
      if (r.state == StateRole.LEADER) {
        messages = new ArrayList<>(r.msgs);
      } else {
        persisted = new ArrayList<>(r.msgs);
      }
      r.msgs.clear();
    }
    List<ReadState> reads = List.copyOf(r.readStates);
    r.readStates.clear();

    boolean hardStateChanged = !hs.equals(prevHardState);
    boolean mustSync = !entries.isEmpty() || snapshot != null
        || hs.getTerm() != prevHardState.getTerm() || hs.getVote() != prevHardState.getVote();
    Ready rd = new Ready(++readyNumber,
        ss.equals(prevSoftState) ? null : ss,
        hardStateChanged ? hs : null,
        reads, entries, snapshot, committed, messages, persisted, mustSync);

    // Accept: what was handed out is no longer new.
    prevSoftState = ss;
    if (hardStateChanged) {
      prevHardState = hs;
    }
    r.raftLog.unstable.acceptInProgress();
    if (!committed.isEmpty()) {
      r.raftLog.applyingTo(rd.lastCommittedIndex());
      if (r.state == StateRole.LEADER) {
        r.reduceUncommittedSize(committed);
      }
    }
    if (!entries.isEmpty() || snapshot != null) {
      Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
      inFlight.add(new InFlight(rd.number(),
          last == null ? 0 : last.getIndex(), last == null ? 0 : last.getTerm(),
          snapshot == null ? 0 : snapshot.getMetadata().getIndex()));
    }
    return rd;
  }

  /**
   * The application durably wrote everything of the Readies up to {@code number}. Entries the
   * leader wrote now count toward its quorum; followers' entries become applicable.
   */
  public void onPersistReady(long number) {
    while (!inFlight.isEmpty() && inFlight.peekFirst().number() <= number) {
      InFlight f = inFlight.pollFirst();
      if (f.snapshotIndex() > 0) {
        raft.onPersistSnapshot(f.snapshotIndex());
      }
      if (f.lastIndex() > 0) {
        raft.onPersistEntries(f.lastIndex(), f.lastTerm());
      }
    }
  }

  /** The application applied every committed entry up to {@code index}. */
  public void advanceApply(long index) {
    raft.appliedTo(index);
  }

  /** The application handled {@code rd} completely: written, sent and applied. */
  public void advance(Ready rd) {
    onPersistReady(rd.number());
    long applied = rd.lastCommittedIndex();
    if (applied > 0) {
      advanceApply(applied);
    }
  }

  // ------------------------------------------------------------------ inspection

  public Status status() {
    return Status.of(raft);
  }

  public long id() {
    return raft.id;
  }

  public boolean isLeader() {
    return raft.state == StateRole.LEADER;
  }

  public long leaderId() {
    return raft.lead;
  }

  public long term() {
    return raft.term;
  }

  public long commitIndex() {
    return raft.raftLog.committed;
  }

  public long appliedIndex() {
    return raft.raftLog.applied;
  }

  public long lastIndex() {
    return raft.raftLog.lastIndex();
  }

  private static boolean isLocal(MessageType t) {
    return t == MessageType.MsgHup || t == MessageType.MsgBeat || t == MessageType.MsgUnreachable
        || t == MessageType.MsgSnapStatus || t == MessageType.MsgCheckQuorum;
  }

  private static boolean isResponse(MessageType t) {
    return t == MessageType.MsgAppendResponse || t == MessageType.MsgRequestVoteResponse
        || t == MessageType.MsgHeartbeatResponse || t == MessageType.MsgUnreachable
        || t == MessageType.MsgRequestPreVoteResponse;
  }
}
