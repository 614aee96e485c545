package io.kiln.raft;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.raft.quorum.VoteResult;

/** How followers and (pre-)candidates handle messages, and how any non-leader accepts the log. */
final class FollowerStep {

  private FollowerStep() {}

  static void stepFollower(Raft r, Message m) {
    switch (m.getMsgType()) {
      case MsgPropose -> {
        if (r.lead == Raft.NONE) {
          throw new RaftException.ProposalDropped("no leader at term " + r.term);
        }
        if (r.disableProposalForwarding) {
          throw new RaftException.ProposalDropped("not the leader and forwarding is disabled");
        }
        r.send(m.toBuilder().setTo(r.lead));
      }
      case MsgAppend -> {
        r.electionElapsed = 0;
        r.lead = m.getFrom();
        handleAppendEntries(r, m);
      }
      case MsgHeartbeat -> {
        r.electionElapsed = 0;
        r.lead = m.getFrom();
        handleHeartbeat(r, m);
      }
      case MsgSnapshot -> {
        r.electionElapsed = 0;
        r.lead = m.getFrom();
        handleSnapshot(r, m);
      }
      case MsgTransferLeader -> {
        if (r.lead != Raft.NONE) {
          r.send(m.toBuilder().setTo(r.lead));
        }
      }
      case MsgTimeoutNow -> r.hup(true); // the leader hands over: campaign now, skipping pre-vote
      case MsgReadIndex -> {
        if (r.lead != Raft.NONE) {
          r.send(m.toBuilder().setTo(r.lead));
        }
      }
      case MsgReadIndexResp -> {
        if (m.getEntriesCount() == 1) {
          r.readStates.add(new ReadState(m.getIndex(), m.getEntries(0).getData()));
        }
      }
      default -> { }
    }
  }

  static void stepCandidate(Raft r, Message m) {
    MessageType myVoteResponse = r.state == StateRole.PRE_CANDIDATE
        ? MessageType.MsgRequestPreVoteResponse : MessageType.MsgRequestVoteResponse;
    MessageType t = m.getMsgType();
    if (t == MessageType.MsgPropose) {
      throw new RaftException.ProposalDropped("no leader at term " + r.term + " (election in progress)");
    } else if (t == MessageType.MsgAppend) {
      // A leader of our term exists (§5.2): it won, we follow.
      r.becomeFollower(m.getTerm(), m.getFrom());
      handleAppendEntries(r, m);
    } else if (t == MessageType.MsgHeartbeat) {
      r.becomeFollower(m.getTerm(), m.getFrom());
      handleHeartbeat(r, m);
    } else if (t == MessageType.MsgSnapshot) {
      r.becomeFollower(m.getTerm(), m.getFrom());
      handleSnapshot(r, m);
    } else if (t == myVoteResponse) {
      VoteResult res = r.poll(m.getFrom(), t, !m.getReject());
      if (res == VoteResult.WON) {
        if (r.state == StateRole.PRE_CANDIDATE) {
          r.campaign(Raft.CampaignType.ELECTION);
        } else {
          r.becomeLeader();
          Replication.bcastAppend(r);
        }
      } else if (res == VoteResult.LOST) {
        // A pre-vote rejected at a higher term arrives with that term and made us follow already;
        // here the quorum said no at our term.
        r.becomeFollower(r.term, Raft.NONE);
      }
    }
    // MsgTimeoutNow and the rest: ignored by candidates.
  }

  /** Raft §5.3: accept the leader's entries if our log matches at the previous entry. */
  static void handleAppendEntries(Raft r, Message m) {
    if (m.getIndex() < r.raftLog.committed) {
      // Everything up to committed is settled; tell the leader where we are.
      r.send(Message.newBuilder().setTo(m.getFrom()).setMsgType(MessageType.MsgAppendResponse)
          .setIndex(r.raftLog.committed));
      return;
    }
    long lastNew = r.raftLog.maybeAppend(m.getIndex(), m.getLogTerm(), m.getCommit(), m.getEntriesList());
    if (lastNew >= 0) {
      r.send(Message.newBuilder().setTo(m.getFrom()).setMsgType(MessageType.MsgAppendResponse).setIndex(lastNew));
      return;
    }
    // Reject, with a hint: the largest index at or below the probe whose term is at most the
    // leader's term there. The leader can jump straight to it (fast backtracking).
    long hintIndex = Math.min(m.getIndex(), r.raftLog.lastIndex());
    hintIndex = r.raftLog.findConflictByTerm(hintIndex, m.getLogTerm());
    long hintTerm = r.raftLog.termOrZero(hintIndex);
    r.send(Message.newBuilder().setTo(m.getFrom()).setMsgType(MessageType.MsgAppendResponse)
        .setIndex(m.getIndex()).setReject(true).setRejectHint(hintIndex).setLogTerm(hintTerm));
  }

  static void handleHeartbeat(Raft r, Message m) {
    r.raftLog.commitTo(m.getCommit());
    Message.Builder resp = Message.newBuilder().setTo(m.getFrom()).setMsgType(MessageType.MsgHeartbeatResponse);
    if (!m.getContext().isEmpty()) {
      resp.setContext(m.getContext());
    }
    r.send(resp);
  }

  static void handleSnapshot(Raft r, Message m) {
    if (r.restore(m.getSnapshot())) {
      r.send(Message.newBuilder().setTo(m.getFrom()).setMsgType(MessageType.MsgAppendResponse)
          .setIndex(r.raftLog.lastIndex()));
    } else {
      r.send(Message.newBuilder().setTo(m.getFrom()).setMsgType(MessageType.MsgAppendResponse)
          .setIndex(r.raftLog.committed));
    }
  }
}
