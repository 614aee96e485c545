package io.kiln.raft.sim;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.raft.Config;
import io.kiln.raft.MemoryStorage;
import io.kiln.raft.RaftException;
import io.kiln.raft.ReadState;
import io.kiln.raft.SnapshotStatus;
import io.kiln.raft.sim.EventQueue.Event;
import io.kiln.raft.sim.EventQueue.Kind;
import java.util.Random;

/**
 * One deterministic simulation run: a cluster of {@link SimNode}s on a {@link SimNetwork}, driven
 * by an {@link EventQueue} and a single seeded {@link Random} (also the nodes' election jitter).
 * A DRIVER event keeps injecting client writes and reads, crashes, partitions, leader transfers,
 * log compactions, membership changes and campaigns; snapshots sent are reported back as a
 * transport would. After every event the {@link InvariantChecker} runs. When the fault phase ends
 * the network heals, every node restarts, and a final write must commit on every member
 * (liveness).
 */
final class SimCluster implements SimNode.Hooks {

  /** Elections timeouts the cluster gets to recover and commit a final write after healing. */
  private static final int LIVENESS_ELECTIONS = 60;

  final long seed;
  private final Random rnd;
  final SimOptions opts;
  private final EventQueue queue = new EventQueue();
  private final SimNetwork net;
  private final SimNode[] nodes;
  private final long[] lastWriteDone;
  private final InvariantChecker inv;
  private final ReadChecker history;
  private long nextPayload;
  private boolean faultPhase = true;
  private int crashes;
  private int partitions;
  private int transfers;
  private int compactions;
  private int confChanges;
  private int snapshotsSent;

  SimCluster(long seed, long duration) {
    this.seed = seed;
    this.rnd = new Random(seed);
    this.opts = SimOptions.draw(rnd, duration);
    this.net = new SimNetwork(rnd, opts, queue, this::lost);
    int n = opts.nodes();
    this.nodes = new SimNode[n + 1];
    this.lastWriteDone = new long[n + 1];
    this.inv = new InvariantChecker(n);
    this.history = new ReadChecker(n);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
    }
    for (int i = 1; i <= n; i++) {
      Config.Builder cfg = Config.builder(i).electionTick(opts.electionTick())
          .heartbeatTick(opts.heartbeatTick()).preVote(opts.preVote()).checkQuorum(opts.checkQuorum())
          .readOnlyOption(opts.readOnly()).maxSizePerMsg(opts.maxSizePerMsg())
          .maxInflightMsgs(opts.maxInflightMsgs()).random(rnd);
      nodes[i] = new SimNode(i, opts.asyncPersist()[i - 1], opts.durableStateMachine(), cfg,
          MemoryStorage.withVoters(ids), this);
      queue.schedule(rnd.nextInt(opts.tickInterval()), Kind.TICK, i, null, 0, 0);
    }
    queue.schedule(rnd.nextInt(opts.meanDriverGap()), Kind.DRIVER, 0, null, 0, 0);
  }

  /** Runs the fault phase and then the liveness phase; throws on any violation. */
  void run() {
    runUntil(opts.duration());
    faultPhase = false;
    net.makeReliable();
    for (int i = 1; i < nodes.length; i++) {
      if (!nodes[i].up()) {
        restart(nodes[i]);
      }
    }
    long electionSpan = (long) opts.electionTick() * opts.tickInterval();
    long deadline = queue.now() + LIVENESS_ELECTIONS * electionSpan;
    ByteString last = null;
    long nextTry = queue.now() + 2 * electionSpan;
    while (queue.now() < deadline) {
      if (last != null && appliedEverywhere(last)) {
        return;
      }
      runUntil(Math.min(nextTry, deadline));
      if (last == null || !appliedEverywhere(last)) {
        SimNode leader = currentLeader();
        if (leader != null) {
          ByteString p = propose(leader, "final");
          if (p != null) {
            last = p;
          }
        }
        nextTry = queue.now() + 2 * electionSpan;
      }
    }
    if (last == null || !appliedEverywhere(last)) {
      throw new SimulationFailure("liveness: after healing and " + LIVENESS_ELECTIONS
          + " election timeouts no final write committed everywhere (leader: " + currentLeader() + ")");
    }
  }

  private void runUntil(long until) {
    Event e;
    while ((e = queue.next(until)) != null) {
      dispatch(e);
      for (int i = 1; i < nodes.length; i++) {
        history.afterApply(nodes[i]);
        handOver(nodes[i]);
      }
      inv.observe(nodes);
    }
    queue.advanceTo(until);
  }

  private void dispatch(Event e) {
    SimNode n = e.node() == 0 ? null : nodes[(int) e.node()];
    switch (e.kind()) {
      case TICK -> {
        if (n.up()) {
          n.raw.tick();
          n.handleReadies();
        }
        queue.schedule(queue.now() + opts.tickInterval(), Kind.TICK, n.id, null, 0, 0);
      }
      case DELIVER -> deliver(n, e);
      case PERSIST -> {
        if (n.up() && n.incarnation == e.incarnation()) {
          n.completeWrites(e.number(), rnd.nextInt(5) == 0);
        }
      }
      case RESTART -> {
        if (!n.up()) {
          restart(n);
        }
      }
      case SNAP_STATUS -> {
        if (n.up() && n.incarnation == e.incarnation()) {
          n.raw.reportSnapshot(Math.abs(e.number()),
              e.number() < 0 ? SnapshotStatus.FAILURE : SnapshotStatus.FINISH);
          n.handleReadies();
        }
      }
      case HEAL -> {
        if (faultPhase) {
          net.heal();
        }
      }
      case DRIVER -> {
        if (faultPhase) {
          drive();
          queue.schedule(queue.now() + 1 + rnd.nextInt(2 * opts.meanDriverGap()), Kind.DRIVER, 0, null, 0, 0);
        }
      }
    }
  }

  private void deliver(SimNode n, Event e) {
    Message m = e.msg();
    if (!n.up() || n.incarnation != e.incarnation() || net.isCut(e.number(), m.getTo())) {
      lost(e.number(), m);
      return;
    }
    if (m.getMsgType() == MessageType.MsgSnapshot) {
      snapshotReport(e.number(), m.getTo(), false);
    }
    try {
      n.raw.step(m);
    } catch (RaftException.ProposalDropped | RaftException.StepPeerNotFound ex) {
      // as a real transport would: the message is lost
    }
    n.handleReadies();
  }

  /** One random client request or fault. */
  private void drive() {
    double r = rnd.nextDouble();
    if ((r -= opts.crashRate()) < 0) {
      SimNode n = randomUpNode();
      if (n != null) {
        crash(n);
      }
    } else if ((r -= opts.partitionRate()) < 0) {
      partitions++;
      net.partition();
      long lasts = 1 + rnd.nextInt(opts.electionTick() * opts.tickInterval() * 6);
      queue.schedule(queue.now() + lasts, Kind.HEAL, 0, null, 0, 0);
    } else if ((r -= opts.transferRate()) < 0) {
      SimNode leader = currentLeader();
      SimNode target = nodes[1 + rnd.nextInt(nodes.length - 1)];
      if (leader != null) {
        transfers++;
        leader.raw.transferLeader(target.id);
        leader.handleReadies();
      }
    } else if ((r -= opts.confChangeRate()) < 0) {
      SimNode leader = currentLeader();
      if (leader != null) {
        ConfChangeV2 cc = SimMembership.pick(rnd, leader.raw.status().confState(), opts.nodes(), leader.id);
        if (cc != null) {
          try {
            if (cc.getChangesCount() == 1 && rnd.nextBoolean()) {
              leader.raw.proposeConfChange(ByteString.EMPTY, SimMembership.asV1(cc));
            } else {
              leader.raw.proposeConfChange(ByteString.EMPTY, cc);
            }
            confChanges++;
          } catch (RaftException.ProposalDropped ex) {
            // another change is pending, or a transfer is under way
          }
          leader.handleReadies();
        }
      }
    } else if ((r -= opts.compactRate()) < 0) {
      SimNode n = randomUpNode();
      if (n != null && n.compact() > 0) {
        compactions++;
      }
    } else if ((r -= 0.005) < 0) {
      SimNode n = randomUpNode();
      if (n != null) {
        n.raw.campaign();
        n.handleReadies();
      }
    } else {
      SimNode n = randomUpNode();
      if (n == null) {
        return;
      }
      if (rnd.nextInt(3) == 0) {
        ByteString ctx = ByteString.copyFromUtf8("r" + nextPayload++);
        history.readIssued(n.id, ctx, queue.now());
        n.raw.readIndex(ctx);
        n.handleReadies();
      } else {
        propose(n, "w");
      }
    }
  }

  /** Proposes a unique payload at {@code n}; returns it, or null if the proposal was dropped. */
  private ByteString propose(SimNode n, String prefix) {
    ByteString p = ByteString.copyFromUtf8(prefix + nextPayload++);
    history.proposed(n.id, p);
    try {
      n.raw.propose(ByteString.EMPTY, p);
    } catch (RaftException.ProposalDropped ex) {
      return null;
    }
    n.handleReadies();
    return p;
  }

  /**
   * A leader that applied its own removal keeps leading (raft leaves that to the application) so
   * the others learn the commit; the application hands leadership to a remaining voter.
   */
  private void handOver(SimNode n) {
    if (!n.removedLeader) {
      return;
    }
    if (!n.up() || !n.raw.isLeader()) {
      n.removedLeader = false;
      return;
    }
    if (n.raw.status().leadTransferee() == 0) {
      var voters = n.raw.status().confState().getVotersList();
      if (!voters.isEmpty()) {
        n.raw.transferLeader(voters.get(rnd.nextInt(voters.size())));
        n.handleReadies();
      }
    }
  }

  private void crash(SimNode n) {
    crashes++;
    n.crash();
    history.crashed(n);
    long downFor = 1 + rnd.nextInt(opts.electionTick() * opts.tickInterval() * 5);
    queue.schedule(queue.now() + downFor, Kind.RESTART, n.id, null, 0, 0);
  }

  private void restart(SimNode n) {
    n.restart();
    n.handleReadies();
  }

  private SimNode randomUpNode() {
    int start = rnd.nextInt(nodes.length - 1);
    for (int k = 0; k < nodes.length - 1; k++) {
      SimNode n = nodes[1 + (start + k) % (nodes.length - 1)];
      if (n.up()) {
        return n;
      }
    }
    return null;
  }

  /** The up node that believes it leads at the highest term, or null. */
  private SimNode currentLeader() {
    SimNode best = null;
    for (int i = 1; i < nodes.length; i++) {
      SimNode n = nodes[i];
      if (n.up() && n.raw.isLeader() && (best == null || n.raw.term() > best.raw.term())) {
        best = n;
      }
    }
    return best;
  }

  /** True if every member of the leader's configuration applied {@code payload}. */
  private boolean appliedEverywhere(ByteString payload) {
    SimNode leader = currentLeader();
    if (leader == null) {
      return false;
    }
    for (int i = 1; i < nodes.length; i++) {
      if (SimMembership.member(leader.confState(), i) && !nodes[i].smData.contains(payload)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ hooks from the nodes

  /** A message {@code sender} sent was lost; a lost snapshot is reported, as transports do. */
  private void lost(long sender, Message m) {
    if (m.getMsgType() == MessageType.MsgSnapshot) {
      snapshotReport(sender, m.getTo(), true);
    }
  }

  private void snapshotReport(long sender, long to, boolean failed) {
    SimNode s = nodes[(int) sender];
    if (s.up()) {
      queue.schedule(queue.now() + 1 + rnd.nextInt(opts.maxDelay()), Kind.SNAP_STATUS, sender, null,
          s.incarnation, failed ? -to : to);
    }
  }

  @Override
  public Entry appliedAt(long index) {
    return inv.appliedAt(index);
  }

  @Override
  public void send(SimNode from, Message m) {
    long to = m.getTo();
    // Forwarded proposals and reads keep the original requester as their sender.
    boolean forwarded = m.getMsgType() == MessageType.MsgPropose || m.getMsgType() == MessageType.MsgReadIndex;
    if ((m.getFrom() != from.id && !forwarded) || to < 1 || to >= nodes.length || to == from.id) {
      throw new SimulationFailure("n" + from.id + " sent a malformed message " + m.getMsgType() + " "
          + m.getFrom() + "->" + to);
    }
    if (m.getMsgType() == MessageType.MsgSnapshot) {
      snapshotsSent++;
      if (!SimMembership.member(m.getSnapshot().getMetadata().getConfState(), to) && from.compact() > 0) {
        // The stored snapshot predates the target's (re)joining, so the target will refuse it:
        // make a newer one for the next attempt, as an application snapshotting on demand would.
        compactions++;
      }
    }
    net.send(from.id, m, nodes[(int) to].incarnation);
  }

  @Override
  public void logChanged(SimNode n, long fromIndex) {
    inv.logChanged(n, fromIndex);
  }

  @Override
  public void applied(SimNode n, Entry e) {
    inv.applied(n, e);
    history.applied(n, e);
  }

  @Override
  public void readState(SimNode n, ReadState rs) {
    history.readState(n, rs);
  }

  @Override
  public void writeStarted(SimNode n, long number) {
    long at = Math.max(lastWriteDone[(int) n.id], queue.now() + 1 + rnd.nextInt(opts.maxPersistDelay()));
    lastWriteDone[(int) n.id] = at;
    queue.schedule(at, Kind.PERSIST, n.id, null, n.incarnation, number);
  }

  // ------------------------------------------------------------------ reporting

  long events() {
    return queue.eventsRun();
  }

  String summary() {
    return "events=" + queue.eventsRun() + " leaders=" + inv.leaders() + " applied=" + inv.maxApplied()
        + " crashes=" + crashes + " partitions=" + partitions + " transfers=" + transfers
        + " compactions=" + compactions + " snapshots=" + snapshotsSent + " confChanges=" + confChanges + " "
        + history.stats() + " " + net.stats();
  }

  /** Everything a failure report needs: options, node states and the last events. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("  options: ").append(opts).append('\n');
    sb.append("  at t=").append(queue.now()).append(": ").append(summary()).append('\n');
    for (int i = 1; i < nodes.length; i++) {
      sb.append("  ").append(nodes[i]).append('\n');
    }
    sb.append("  last events:\n").append(queue.recentEvents());
    return sb.toString();
  }
}
