package io.kiln.raft;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.raft.confchange.ConfRestorer;
import io.kiln.raft.tracker.Progress;
import io.kiln.raft.tracker.ProgressTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The Raft state machine of one node: terms, roles, elections, and the rules that every role
 * shares. Role-specific message handling lives in {@link LeaderStep} and {@link FollowerStep};
 * how a leader sends to followers lives in {@link Replication}. Not thread-safe; no IO.
 *
 * <p>The transition table (Raft §5.2, thesis §9.6 for pre-vote):
 * <pre>
 *   FOLLOWER      --election timeout, preVote-->  PRE_CANDIDATE (term unchanged)
 *   FOLLOWER      --election timeout-->           CANDIDATE (term + 1, votes for itself)
 *   PRE_CANDIDATE --quorum of pre-votes-->        CANDIDATE
 *   CANDIDATE     --quorum of votes-->            LEADER (appends an empty entry of its term)
 *   any           --message of a higher term-->   FOLLOWER of that term
 *   LEADER        --CheckQuorum fails-->          FOLLOWER (same term)
 * </pre>
 */
final class Raft {

  static final long NONE = 0;
  /** Context of a vote request that comes from a leader transfer: it bypasses leader leases. */
  static final ByteString CAMPAIGN_TRANSFER = ByteString.copyFromUtf8("CampaignTransfer");

  final long id;
  long term;
  /** Who this node voted for in {@link #term}, or NONE. */
  long vote;
  final RaftLog raftLog;
  final ProgressTracker prs;
  StateRole state = StateRole.FOLLOWER;
  /** True if this node is a learner in the current configuration (it never campaigns). */
  boolean isLearner;
  /** Leader of the current term, or NONE. */
  long lead = NONE;
  /** While a leader transfer is in progress: its target. Proposals are dropped meanwhile. */
  long leadTransferee = NONE;
  /**
   * Index of the last conf change proposed; a new one is refused until it is applied, so at most
   * one change is ever pending (thesis §4.1).
   */
  long pendingConfIndex;
  /** Bytes of entries proposed in this term and not yet committed (leader only). */
  long uncommittedSize;

  ReadOnly readOnly;
  final List<ReadState> readStates = new ArrayList<>();
  /** Read-index requests that arrived before this leader committed an entry of its term. */
  final List<Message> pendingReadIndexMessages = new ArrayList<>();

  /** Outgoing messages, drained by {@link RawNode#ready()}. */
  final List<Message> msgs = new ArrayList<>();

  int electionElapsed;
  int heartbeatElapsed;
  /**
   * Leader only: ticks since the current leader transfer started. Kept apart from {@link
   * #electionElapsed}, which paces CheckQuorum: a transfer request must not postpone the quorum
   * check, or a partitioned leader that keeps being asked to transfer would never step down.
   */
  int transferElapsed;

  // Leader leases for LEASE_BASED reads (thesis §6.4.1). A follower that acknowledges a heartbeat
  // promises not to help elect another leader for an election timeout after receiving it, so a
  // leader holds a lease while a quorum acknowledged heartbeats sent within the last
  // electionTimeout - 2 of its ticks (one tick for tick phase, one for the tick in progress).
  // Nodes are assumed to tick at the same rate.
  /** Leader only: ticks since this node became leader. */
  long leaderTicks;
  /** Leader only: for each peer, 1 + the leaderTicks at which its newest acknowledged heartbeat was sent. */
  final java.util.Map<Long, Long> leaseAcks = new java.util.HashMap<>();
  /** Leader only: a TimeoutNow went out this term, so a voter may now elect another leader at once. */
  boolean leaseRevoked;
  /**
   * LEASE_BASED only: a restarted node does not remember which leader it promised its support to,
   * so for an election timeout after starting it refuses votes and does not campaign, as if it
   * had just heard from one.
   */
  boolean startupLease;
  final int electionTimeout;
  final int heartbeatTimeout;
  int randomizedElectionTimeout;

  final boolean checkQuorum;
  final boolean preVote;
  final boolean disableProposalForwarding;
  final long maxMsgSize;
  final long maxUncommittedSize;
  private final Random random;

  Raft(Config c, Storage storage) {
    this.id = c.id();
    this.raftLog = new RaftLog(storage, c.maxCommittedSizePerReady());
    this.prs = new ProgressTracker(c.maxInflightMsgs(), c.maxInflightBytes());
    this.electionTimeout = c.electionTick();
    this.heartbeatTimeout = c.heartbeatTick();
    this.checkQuorum = c.checkQuorum();
    this.preVote = c.preVote();
    this.disableProposalForwarding = c.disableProposalForwarding();
    this.maxMsgSize = c.maxSizePerMsg();
    this.maxUncommittedSize = c.maxUncommittedEntriesSize();
    this.random = c.random();
    this.readOnly = new ReadOnly(c.readOnlyOption());

    RaftState rs = storage.initialState();
    ConfRestorer.restore(prs, rs.confState(), raftLog.lastIndex());
    Progress self = prs.get(id);
    this.isLearner = self != null && self.isLearner();
    if (!rs.hardState().equals(HardState.getDefaultInstance())) {
      loadState(rs.hardState());
    }
    if (c.applied() > 0) {
      raftLog.appliedTo(c.applied());
    }
    becomeFollower(term, NONE);
    // A node that never had a term never acknowledged a leader: it owes no lease.
    startupLease = checkQuorum && c.readOnlyOption() == ReadOnlyOption.LEASE_BASED && term > 0;
  }

  private void loadState(HardState hs) {
    if (hs.getCommit() < raftLog.committed || hs.getCommit() > raftLog.lastIndex()) {
      throw new IllegalStateException(String.format(
          "node %d: persisted commit %d is out of range [%d, %d]", id, hs.getCommit(),
          raftLog.committed, raftLog.lastIndex()));
    }
    raftLog.committed = hs.getCommit();
    term = hs.getTerm();
    vote = hs.getVote();
  }

  SoftState softState() {
    return new SoftState(lead, state);
  }

  HardState hardState() {
    return HardState.newBuilder().setTerm(term).setVote(vote).setCommit(raftLog.committed).build();
  }

  // ------------------------------------------------------------------ role transitions

  private void reset(long newTerm) {
    if (term != newTerm) {
      term = newTerm;
      vote = NONE;
    }
    lead = NONE;
    electionElapsed = 0;
    heartbeatElapsed = 0;
    transferElapsed = 0;
    leaderTicks = 0;
    leaseAcks.clear();
    leaseRevoked = false;
    resetRandomizedElectionTimeout();
    abortLeaderTransfer();
    prs.resetVotes();
    long last = raftLog.lastIndex();
    prs.visit((pid, pr) -> {
      pr.becomeProbe();
      pr.setMatch(0);
      pr.setNext(last + 1);
      pr.setRecentActive(false);
      if (pid == id) {
        // Our own entries count toward commitment only once they are durable (thesis §10.2.1).
        pr.setMatch(raftLog.persisted);
      }
    });
    pendingConfIndex = 0;
    uncommittedSize = 0;
    readOnly = new ReadOnly(readOnly.option);
    pendingReadIndexMessages.clear();
  }

  void becomeFollower(long newTerm, long leader) {
    reset(newTerm);
    lead = leader;
    state = StateRole.FOLLOWER;
  }

  void becomeCandidate() {
    if (state == StateRole.LEADER) {
      throw new IllegalStateException("node " + id + ": invalid transition leader -> candidate");
    }
    reset(term + 1);
    vote = id;
    state = StateRole.CANDIDATE;
  }

  void becomePreCandidate() {
    if (state == StateRole.LEADER) {
      throw new IllegalStateException("node " + id + ": invalid transition leader -> pre-candidate");
    }
    // Term and vote stay: a pre-election changes nothing durable.
    prs.resetVotes();
    lead = NONE;
    state = StateRole.PRE_CANDIDATE;
  }

  void becomeLeader() {
    if (state == StateRole.FOLLOWER) {
      throw new IllegalStateException("node " + id + ": invalid transition follower -> leader");
    }
    reset(term);
    lead = id;
    state = StateRole.LEADER;
    startupLease = false;
    Progress self = prs.get(id);
    self.becomeReplicate();
    self.setMatch(raftLog.persisted);
    self.setNext(raftLog.lastIndex() + 1);
    self.setRecentActive(true);
    // Conf changes in the uncommitted tail may be pending; refuse new ones until they apply.
    pendingConfIndex = raftLog.lastIndex();
    // Raft §5.4.2 / §8: an entry of the new term lets the leader commit everything before it.
    if (!appendEntries(List.of(Entry.getDefaultInstance()))) {
      throw new IllegalStateException("node " + id + ": the empty entry of a new leader was refused");
    }
    // The empty entry does not count toward the uncommitted size limit.
    uncommittedSize = 0;
  }

  void resetRandomizedElectionTimeout() {
    randomizedElectionTimeout = electionTimeout + random.nextInt(electionTimeout);
  }

  boolean pastElectionTimeout() {
    return electionElapsed >= randomizedElectionTimeout;
  }

  /** True if this node may become leader: a voter, and not waiting for a snapshot to apply. */
  boolean promotable() {
    Progress pr = prs.get(id);
    return pr != null && !pr.isLearner() && raftLog.unstable.snapshot() == null;
  }

  // ------------------------------------------------------------------ time

  void tick() {
    if (state == StateRole.LEADER) {
      tickHeartbeat();
    } else {
      tickElection();
    }
  }

  private void tickElection() {
    electionElapsed++;
    if (electionElapsed >= electionTimeout) {
      startupLease = false;
    }
    if (promotable() && pastElectionTimeout()) {
      // Reset after the step: hup must see that the timeout (and with it any lease) expired.
      step(local(MessageType.MsgHup));
      electionElapsed = 0;
    }
  }

  /**
   * True while this node promised a leader (or, just after a restart, possibly promised one) not
   * to help elect another: within an election timeout of hearing from it, with CheckQuorum.
   */
  boolean inLease() {
    return checkQuorum && (lead != NONE || startupLease) && electionElapsed < electionTimeout;
  }

  private void tickHeartbeat() {
    heartbeatElapsed++;
    electionElapsed++;
    leaderTicks++;
    if (electionElapsed >= electionTimeout) {
      electionElapsed = 0;
      if (checkQuorum) {
        step(local(MessageType.MsgCheckQuorum));
      }
    }
    if (state == StateRole.LEADER && leadTransferee != NONE && ++transferElapsed >= electionTimeout) {
      // A transfer that did not finish within an election timeout is abandoned (thesis §3.10).
      abortLeaderTransfer();
    }
    if (state != StateRole.LEADER) {
      return;
    }
    if (heartbeatElapsed >= heartbeatTimeout) {
      heartbeatElapsed = 0;
      step(local(MessageType.MsgBeat));
    }
  }

  Message local(MessageType type) {
    return Message.newBuilder().setMsgType(type).setFrom(id).build();
  }

  // ------------------------------------------------------------------ the step function

  /** Handles one message: the term rules common to all roles, then the role's own rules. */
  void step(Message m) {
    if (m.getTerm() == 0) {
      // local message
    } else if (m.getTerm() > term) {
      MessageType t = m.getMsgType();
      if (t == MessageType.MsgRequestVote || t == MessageType.MsgRequestPreVote) {
        boolean force = CAMPAIGN_TRANSFER.equals(m.getContext());
        if (!force && inLease()) {
          // Thesis §4.2.3: a node that hears from a leader ignores disruptive vote requests.
          return;
        }
      }
      if (t == MessageType.MsgRequestPreVote) {
        // A pre-vote never changes our term.
      } else if (t == MessageType.MsgRequestPreVoteResponse && !m.getReject()) {
        // Our pre-vote was granted at a future term; the term changes if we win.
      } else if (t == MessageType.MsgAppend || t == MessageType.MsgHeartbeat || t == MessageType.MsgSnapshot) {
        becomeFollower(m.getTerm(), m.getFrom());
      } else {
        becomeFollower(m.getTerm(), NONE);
      }
    } else if (m.getTerm() < term) {
      handleStaleTermMessage(m);
      return;
    }

    switch (m.getMsgType()) {
      case MsgHup -> hup(false);
      case MsgRequestVote, MsgRequestPreVote -> handleVoteRequest(m);
      default -> {
        switch (state) {
          case LEADER -> LeaderStep.step(this, m);
          case CANDIDATE, PRE_CANDIDATE -> FollowerStep.stepCandidate(this, m);
          case FOLLOWER -> FollowerStep.stepFollower(this, m);
        }
      }
    }
  }

  private void handleStaleTermMessage(Message m) {
    MessageType t = m.getMsgType();
    if ((checkQuorum || preVote) && (t == MessageType.MsgHeartbeat || t == MessageType.MsgAppend)) {
      // A leader cut off by a partition may have been deposed; telling it our term lets it step
      // down. Without this, with CheckQuorum or PreVote a stale leader could block the cluster.
      send(Message.newBuilder().setTo(m.getFrom()).setMsgType(MessageType.MsgAppendResponse));
    } else if (t == MessageType.MsgRequestPreVote) {
      // Reject so the pre-candidate learns of the newer term and gives up.
      send(Message.newBuilder().setTo(m.getFrom()).setTerm(term)
          .setMsgType(MessageType.MsgRequestPreVoteResponse).setReject(true));
    }
    // Anything else from an old term is ignored.
  }

  /** Raft §5.2 and §5.4.1: grant a vote at most once per term, and only to an up-to-date log. */
  private void handleVoteRequest(Message m) {
    boolean preVoteRequest = m.getMsgType() == MessageType.MsgRequestPreVote;
    boolean canVote = vote == m.getFrom()
        || (vote == NONE && lead == NONE)
        || (preVoteRequest && m.getTerm() > term);
    MessageType respType = preVoteRequest
        ? MessageType.MsgRequestPreVoteResponse : MessageType.MsgRequestVoteResponse;
    if (canVote && raftLog.isUpToDate(m.getIndex(), m.getLogTerm())) {
      // The response carries the requested term so a pre-candidate can count it.
      send(Message.newBuilder().setTo(m.getFrom()).setTerm(m.getTerm()).setMsgType(respType));
      if (!preVoteRequest) {
        electionElapsed = 0;
        vote = m.getFrom();
      }
    } else {
      send(Message.newBuilder().setTo(m.getFrom()).setTerm(term).setMsgType(respType).setReject(true));
    }
  }

  /** Starts an election (or pre-election) unless this node cannot or should not. */
  void hup(boolean transfer) {
    if (state == StateRole.LEADER) {
      return;
    }
    if (!promotable()) {
      return;
    }
    if (!transfer && readOnly.option == ReadOnlyOption.LEASE_BASED && inLease()) {
      // Campaigning now would break the promise behind the current leader's read lease.
      return;
    }
    // A conf change committed but not applied may change who votes: wait for it to apply.
    if (raftLog.committed > raftLog.applied && hasUnappliedConfChange()) {
      return;
    }
    if (transfer) {
      campaign(CampaignType.TRANSFER);
    } else if (preVote) {
      campaign(CampaignType.PRE_ELECTION);
    } else {
      campaign(CampaignType.ELECTION);
    }
  }

  private boolean hasUnappliedConfChange() {
    long lo = raftLog.applied + 1;
    long hi = raftLog.committed + 1;
    if (lo < raftLog.firstIndex()) {
      lo = raftLog.firstIndex();
    }
    if (lo >= hi) {
      return false;
    }
    for (Entry e : raftLog.slice(lo, hi, Long.MAX_VALUE)) {
      if (e.getEntryType() != EntryType.EntryNormal) {
        return true;
      }
    }
    return false;
  }

  enum CampaignType { PRE_ELECTION, ELECTION, TRANSFER }

  void campaign(CampaignType type) {
    long voteTerm;
    MessageType voteMsg;
    if (type == CampaignType.PRE_ELECTION) {
      becomePreCandidate();
      voteMsg = MessageType.MsgRequestPreVote;
      voteTerm = term + 1; // the term we would campaign at; our own term is unchanged
    } else {
      becomeCandidate();
      voteMsg = MessageType.MsgRequestVote;
      voteTerm = term;
    }
    MessageType respType = voteMsg == MessageType.MsgRequestPreVote
        ? MessageType.MsgRequestPreVoteResponse : MessageType.MsgRequestVoteResponse;
    if (poll(id, respType, true) == io.kiln.raft.quorum.VoteResult.WON) {
      // A single-voter group wins at once.
      if (type == CampaignType.PRE_ELECTION) {
        campaign(CampaignType.ELECTION);
      } else {
        becomeLeader();
      }
      return;
    }
    long lastIndex = raftLog.lastIndex();
    long lastTerm = raftLog.lastTerm();
    for (long voter : prs.config().voters().ids()) {
      if (voter == id) {
        continue;
      }
      Message.Builder m = Message.newBuilder().setTo(voter).setTerm(voteTerm).setMsgType(voteMsg)
          .setIndex(lastIndex).setLogTerm(lastTerm);
      if (type == CampaignType.TRANSFER) {
        m.setContext(CAMPAIGN_TRANSFER);
      }
      send(m);
    }
  }

  io.kiln.raft.quorum.VoteResult poll(long from, MessageType type, boolean granted) {
    prs.recordVote(from, granted);
    return prs.tallyVotes().result();
  }

  // ------------------------------------------------------------------ sending

  /** Queues a message, filling in from and term by the rules of its type. */
  void send(Message.Builder m) {
    if (m.getFrom() == NONE) {
      m.setFrom(id);
    }
    MessageType t = m.getMsgType();
    if (t == MessageType.MsgRequestVote || t == MessageType.MsgRequestVoteResponse
        || t == MessageType.MsgRequestPreVote || t == MessageType.MsgRequestPreVoteResponse) {
      if (m.getTerm() == 0) {
        // Votes carry the term they are for, which is not always ours (pre-vote).
        throw new IllegalStateException("node " + id + ": term must be set for " + t);
      }
    } else {
      if (m.getTerm() != 0) {
        throw new IllegalStateException("node " + id + ": term must not be set for " + t + ", was " + m.getTerm());
      }
      // Proposals and read-index requests forwarded to the leader are local in nature: no term.
      if (t != MessageType.MsgPropose && t != MessageType.MsgReadIndex) {
        m.setTerm(term);
      }
    }
    msgs.add(m.build());
  }

  // ------------------------------------------------------------------ log and proposals

  /** Appends entries as leader, stamping term and index. False if over the uncommitted limit. */
  boolean appendEntries(List<Entry> es) {
    long li = raftLog.lastIndex();
    List<Entry> stamped = new ArrayList<>(es.size());
    for (int i = 0; i < es.size(); i++) {
      stamped.add(es.get(i).toBuilder().setTerm(term).setIndex(li + 1 + i).build());
    }
    if (!increaseUncommittedSize(stamped)) {
      return false;
    }
    raftLog.append(stamped);
    // Our own progress advances when the entries are durable: see onPersistEntries.
    return true;
  }

  private boolean increaseUncommittedSize(List<Entry> ents) {
    long s = 0;
    for (Entry e : ents) {
      s += e.getData().size();
    }
    if (uncommittedSize > 0 && s > 0 && uncommittedSize + s > maxUncommittedSize) {
      // Always accept at least one proposal when nothing is uncommitted, however large.
      return false;
    }
    uncommittedSize += s;
    return true;
  }

  void reduceUncommittedSize(List<Entry> ents) {
    if (uncommittedSize == 0) {
      return;
    }
    long s = 0;
    for (Entry e : ents) {
      s += e.getData().size();
    }
    uncommittedSize = s > uncommittedSize ? 0 : uncommittedSize - s;
  }

  /** Tries to advance the commit index from the quorum's matches (Raft §5.3, §5.4.2). */
  boolean maybeCommit() {
    return raftLog.maybeCommit(prs.committed(), term);
  }

  /** The application made entries up to {@code (index, logTerm)} durable. */
  void onPersistEntries(long index, long logTerm) {
    if (!raftLog.stableTo(index, logTerm)) {
      return;
    }
    if (state == StateRole.LEADER) {
      Progress self = prs.get(id);
      if (self != null && self.maybeUpdate(raftLog.persisted) && maybeCommit()) {
        LeaderStep.onCommitAdvanced(this);
      }
    }
  }

  void onPersistSnapshot(long index) {
    raftLog.stableSnapTo(index);
  }

  /** The application applied entries up to {@code index}; may start leaving a joint config. */
  void appliedTo(long index) {
    long newApplied = Math.max(index, raftLog.applied);
    raftLog.appliedTo(newApplied);
    if (prs.config().autoLeave() && newApplied >= pendingConfIndex && state == StateRole.LEADER) {
      // Thesis §4.3: once the joint config is applied, the leader proposes leaving it.
      Entry leave = Entry.newBuilder().setEntryType(EntryType.EntryConfChangeV2).build();
      try {
        LeaderStep.step(this, Message.newBuilder().setMsgType(MessageType.MsgPropose).setFrom(id)
            .addEntries(leave).build());
      } catch (RaftException.ProposalDropped e) {
        // Retried on the next applied index (e.g. after a leader transfer finishes).
      }
    }
  }

  // ------------------------------------------------------------------ membership and snapshots

  /** Applies a committed conf change and returns the new membership: see {@link Membership}. */
  ConfState applyConfChange(ConfChangeV2 cc) {
    return Membership.apply(this, cc);
  }

  /** Installs a snapshot from the leader if it is new to us: see {@link Membership#restore}. */
  boolean restore(Snapshot s) {
    return Membership.restore(this, s);
  }

  void abortLeaderTransfer() {
    leadTransferee = NONE;
    transferElapsed = 0;
  }

  long lastIndex() {
    return raftLog.lastIndex();
  }

  @Override
  public String toString() {
    return "raft[" + id + " " + state + " term=" + term + " lead=" + lead + " " + raftLog + "]";
  }
}
