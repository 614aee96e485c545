package io.kiln.raft;

import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.raft.tracker.Progress;
import io.kiln.raft.tracker.ProgressState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How a leader handles each message: proposals, responses, read index, transfers, quorum checks. */
final class LeaderStep {

  private LeaderStep() {}

  static void step(Raft r, Message m) {
    switch (m.getMsgType()) {
      case MsgBeat -> {
        Replication.bcastHeartbeat(r);
        return;
      }
      case MsgCheckQuorum -> {
        checkQuorum(r);
        return;
      }
      case MsgPropose -> {
        propose(r, m);
        return;
      }
      case MsgReadIndex -> {
        readIndex(r, m);
        return;
      }
      default -> { }
    }
    // Every other message is a follower's answer: it needs that follower's progress.
    Progress pr = r.prs.get(m.getFrom());
    if (pr == null) {
      return;
    }
    switch (m.getMsgType()) {
      case MsgAppendResponse -> handleAppendResponse(r, m, pr);
      case MsgHeartbeatResponse -> handleHeartbeatResponse(r, m, pr);
      case MsgSnapStatus -> handleSnapStatus(m, pr);
      case MsgUnreachable -> {
        // The transport failed to deliver: probe again instead of streaming into the void.
        if (pr.state() == ProgressState.REPLICATE) {
          pr.becomeProbe();
        }
      }
      case MsgTransferLeader -> transferLeader(r, m, pr);
      default -> { }
    }
  }

  /** CheckQuorum (thesis §6.2): step down if a quorum was not heard from in an election timeout. */
  private static void checkQuorum(Raft r) {
    if (!r.prs.quorumActive(r.id)) {
      r.becomeFollower(r.term, Raft.NONE);
    }
    // Everyone must prove they are alive again during the next round.
    r.prs.visit((id, pr) -> {
      if (id != r.id) {
        pr.setRecentActive(false);
      }
    });
  }

  private static void propose(Raft r, Message m) {
    if (m.getEntriesCount() == 0) {
      throw new IllegalArgumentException("node " + r.id + ": proposal without entries");
    }
    if (r.prs.get(r.id) == null) {
      throw new RaftException.ProposalDropped("this leader was removed from the group");
    }
    if (r.leadTransferee != Raft.NONE) {
      throw new RaftException.ProposalDropped("leadership is being transferred to " + r.leadTransferee);
    }
    List<Entry> entries = new ArrayList<>(m.getEntriesList());
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.getEntryType() == EntryType.EntryNormal) {
        continue;
      }
      ConfChangeV2 cc = ConfChanges.fromEntry(e);
      String refused = refusalOf(r, cc);
      if (refused != null) {
        throw new RaftException.ProposalDropped(refused);
      }
      r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
    }
    if (!r.appendEntries(entries)) {
      throw new RaftException.ProposalDropped("uncommitted entries exceed maxUncommittedEntriesSize");
    }
    if (r.prs.isSingleton()) {
      // Alone: nothing to send; commit happens when our own write is durable.
      return;
    }
    Replication.bcastAppend(r);
  }

  /** Why a conf change must wait (thesis §4.1: one at a time), or null if it may go ahead. */
  private static String refusalOf(Raft r, ConfChangeV2 cc) {
    boolean alreadyPending = r.pendingConfIndex > r.raftLog.applied;
    boolean alreadyJoint = r.prs.config().voters().isJoint();
    boolean wantsLeaveJoint = ConfChanges.isLeaveJoint(cc);
    if (alreadyPending) {
      return "a conf change at index " + r.pendingConfIndex + " is not applied yet (applied "
          + r.raftLog.applied + ")";
    }
    if (alreadyJoint && !wantsLeaveJoint) {
      return "the configuration is joint: it must be left before another change";
    }
    if (!alreadyJoint && wantsLeaveJoint) {
      return "the configuration is not joint: there is nothing to leave";
    }
    return null;
  }

  private static void readIndex(Raft r, Message m) {
    if (r.prs.isSingleton()) {
      // Alone, the leader is certainly the leader.
      respondToReadIndex(r, m, r.raftLog.committed);
      return;
    }
    if (!committedEntryInCurrentTerm(r)) {
      // Thesis §6.4: until an entry of its term commits, a new leader does not know the true
      // commit index. Hold the request until then.
      r.pendingReadIndexMessages.add(m);
      return;
    }
    sendReadIndexResponse(r, m);
  }

  /**
   * LEASE_BASED (thesis §6.4.1): true if a quorum acknowledged heartbeats sent recently enough
   * that none of them can have helped elect another leader yet. A heartbeat's context carries the
   * tick it was sent at; {@code leaseAcks} holds, per peer, the newest acknowledged one.
   */
  static boolean leaseValid(Raft r) {
    if (r.leaseRevoked || r.state != StateRole.LEADER) {
      return false;
    }
    long now = r.leaderTicks + 1;
    long oldest = r.prs.config().voters().committedIndex(pid -> java.util.OptionalLong.of(
        pid == r.id ? now : r.leaseAcks.getOrDefault(pid, 0L)));
    return oldest > 0 && now - oldest <= r.electionTimeout - 2;
  }

  static boolean committedEntryInCurrentTerm(Raft r) {
    return r.raftLog.termOrZero(r.raftLog.committed) == r.term;
  }

  private static void sendReadIndexResponse(Raft r, Message m) {
    switch (r.readOnly.option) {
      case SAFE -> confirmByHeartbeatRound(r, m);
      case LEASE_BASED -> {
        if (leaseValid(r)) {
          respondToReadIndex(r, m, r.raftLog.committed);
        } else if (r.leaseRevoked) {
          // After TimeoutNow there is no lease for the rest of the term: confirm as SAFE does.
          confirmByHeartbeatRound(r, m);
        } else {
          // Held until a quorum renews the lease (see handleHeartbeatResponse) or we step down.
          r.pendingReadIndexMessages.add(m);
        }
      }
    }
  }

  /** Read index by a heartbeat round that a quorum must acknowledge (thesis §6.4). */
  private static void confirmByHeartbeatRound(Raft r, Message m) {
    r.readOnly.addRequest(r.raftLog.committed, m);
    // The leader acknowledges its own round.
    r.readOnly.recvAck(r.id, m.getEntries(0).getData());
    Replication.bcastHeartbeatWithCtx(r, m.getEntries(0).getData());
  }

  /** Answers a confirmed read: locally as a ReadState, or to the follower that forwarded it. */
  private static void respondToReadIndex(Raft r, Message req, long readIndex) {
    if (req.getFrom() == Raft.NONE || req.getFrom() == r.id) {
      r.readStates.add(new ReadState(readIndex, req.getEntries(0).getData()));
      return;
    }
    r.send(Message.newBuilder().setTo(req.getFrom()).setMsgType(MessageType.MsgReadIndexResp)
        .setIndex(readIndex).addAllEntries(req.getEntriesList()));
  }

  static void releasePendingReadIndexMessages(Raft r) {
    if (r.pendingReadIndexMessages.isEmpty() || !committedEntryInCurrentTerm(r)) {
      return;
    }
    List<Message> pending = new ArrayList<>(r.pendingReadIndexMessages);
    r.pendingReadIndexMessages.clear();
    for (Message m : pending) {
      sendReadIndexResponse(r, m);
    }
  }

  /** The commit index moved: release held reads and tell followers. */
  static void onCommitAdvanced(Raft r) {
    releasePendingReadIndexMessages(r);
    Replication.bcastAppend(r);
  }

  private static void handleAppendResponse(Raft r, Message m, Progress pr) {
    pr.setRecentActive(true);
    if (m.getReject()) {
      // Fast backtracking: the follower told us where its log may match ours.
      long nextProbe = m.getRejectHint();
      if (m.getLogTerm() > 0) {
        nextProbe = r.raftLog.findConflictByTerm(m.getRejectHint(), m.getLogTerm());
      }
      if (pr.maybeDecrTo(m.getIndex(), nextProbe)) {
        if (pr.state() == ProgressState.REPLICATE) {
          pr.becomeProbe();
        }
        Replication.maybeSendAppend(r, m.getFrom(), true);
      }
      return;
    }
    boolean wasPaused = pr.isPaused();
    // An acknowledgement of exactly match still proves a probed follower agrees with us up to
    // there: it may go back to replicating even when there was nothing new to send it.
    boolean probeAnswered = pr.state() == ProgressState.PROBE && pr.match() == m.getIndex();
    if (!pr.maybeUpdate(m.getIndex()) && !probeAnswered) {
      return;
    }
    switch (pr.state()) {
      case PROBE -> pr.becomeReplicate();
      case SNAPSHOT -> {
        if (pr.match() >= pr.pendingSnapshot()) {
          // The follower caught up (through the snapshot or otherwise): stream from here.
          pr.becomeProbe();
          pr.becomeReplicate();
        }
      }
      case REPLICATE -> pr.inflights().freeLE(m.getIndex());
    }
    if (r.maybeCommit()) {
      onCommitAdvanced(r);
    } else if (wasPaused) {
      // The window opened: send what is waiting (an empty append at least, to update commit).
      Replication.maybeSendAppend(r, m.getFrom(), true);
    }
    // Fill the window as far as flow control allows.
    while (Replication.maybeSendAppend(r, m.getFrom(), false)) {
      // keep sending
    }
    if (m.getFrom() == r.leadTransferee && pr.match() == r.raftLog.lastIndex()) {
      // Thesis §3.10: the transferee is up to date, tell it to campaign now.
      Replication.sendTimeoutNow(r, m.getFrom());
    }
  }

  private static void handleHeartbeatResponse(Raft r, Message m, Progress pr) {
    pr.setRecentActive(true);
    pr.setProbeSent(false);
    if (pr.state() == ProgressState.REPLICATE && pr.inflights().full()) {
      // The follower is alive but behind: free a slot so replication does not stall forever.
      pr.inflights().freeFirstOne();
    }
    if (pr.match() < r.raftLog.lastIndex() || pr.state() == ProgressState.PROBE) {
      // Behind, or probing: an (empty) append finds out where the follower is.
      Replication.maybeSendAppend(r, m.getFrom(), true);
    }
    if (m.getContext().isEmpty()) {
      return;
    }
    Set<Long> acks = r.readOnly.recvAck(m.getFrom(), m.getContext());
    if (acks == null) {
      // Not a pending read round: in lease mode, a lease stamp.
      long stamp = r.readOnly.option == ReadOnlyOption.LEASE_BASED ? Replication.leaseStampOf(m.getContext()) : 0;
      if (stamp > r.leaseAcks.getOrDefault(m.getFrom(), 0L)) {
        r.leaseAcks.put(m.getFrom(), stamp);
        releasePendingReadIndexMessages(r);
      }
      return;
    }
    if (!r.prs.hasQuorum(acks)) {
      return;
    }
    for (ReadOnly.Status rs : r.readOnly.advance(m.getContext())) {
      respondToReadIndex(r, rs.req, rs.index);
    }
  }

  private static void handleSnapStatus(Message m, Progress pr) {
    if (pr.state() != ProgressState.SNAPSHOT) {
      return;
    }
    if (m.getReject()) {
      // The snapshot failed: forget it and probe; a new snapshot is made if still needed.
      pr.becomeProbe();
      pr.setNext(pr.match() + 1); // the snapshot did not land: probe from what we know
    } else {
      pr.becomeProbe();
    }
    // Wait for an append or heartbeat response before the next probe: the follower may still
    // be applying the snapshot.
    pr.setProbeSent(true);
  }

  private static void transferLeader(Raft r, Message m, Progress pr) {
    if (pr.isLearner()) {
      return; // a learner cannot lead
    }
    long transferee = m.getFrom();
    long last = r.leadTransferee;
    if (last != Raft.NONE) {
      if (last == transferee) {
        return; // already under way
      }
      r.abortLeaderTransfer();
    }
    if (transferee == r.id) {
      return; // already leader
    }
    // The transfer must finish within an election timeout (checked in tickHeartbeat). Its own
    // counter: resetting electionElapsed here would postpone CheckQuorum indefinitely.
    r.transferElapsed = 0;
    r.leadTransferee = transferee;
    if (pr.match() == r.raftLog.lastIndex()) {
      Replication.sendTimeoutNow(r, transferee);
    } else {
      Replication.maybeSendAppend(r, transferee, true);
    }
  }
}
