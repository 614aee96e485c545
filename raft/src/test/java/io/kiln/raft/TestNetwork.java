package io.kiln.raft;

import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Several {@link TestNode}s joined by an in-memory network that delivers in order, drops messages
 * to isolated nodes and across cut links, and can be told to drop by message type.
 */
final class TestNetwork {

  final TreeMap<Long, TestNode> nodes = new TreeMap<>();
  private final ArrayDeque<Message> inFlight = new ArrayDeque<>();
  private final Set<Long> isolated = new HashSet<>();
  private final Set<Long> cutLinks = new HashSet<>(); // encoded from*1_000_000+to
  private final Set<MessageType> dropped = new HashSet<>();
  private Predicate<Message> dropIf = m -> false;
  /** Every message handed to the network (delivered or dropped), in order; see {@link #sent}. */
  final List<Message> sentLog = new java.util.ArrayList<>();
  /** The config tweak the network was built with; nodes added later use it too. */
  private java.util.function.UnaryOperator<Config.Builder> defaultTweak = b -> b;
  private final List<java.util.function.Consumer<Message>> observers = new java.util.ArrayList<>();

  /** Nodes 1..n, all voters, with default test settings (election 10, heartbeat 1). */
  static TestNetwork of(int n) {
    return of(n, b -> b);
  }

  static TestNetwork of(int n, java.util.function.UnaryOperator<Config.Builder> tweak) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
    }
    TestNetwork net = new TestNetwork();
    net.defaultTweak = tweak;
    for (long id : ids) {
      net.add(id, MemoryStorage.withVoters(ids), tweak);
    }
    return net;
  }

  TestNode add(long id, MemoryStorage storage, java.util.function.UnaryOperator<Config.Builder> tweak) {
    Config.Builder b = tweak.apply(Config.builder(id).electionTick(10).heartbeatTick(1)
        .random(new Random(id)));
    TestNode n = new TestNode(id, storage, b);
    nodes.put(id, n);
    return n;
  }

  TestNode node(long id) {
    return nodes.get(id);
  }

  /** Delivers messages and handles readies until nothing moves. */
  void stabilize() {
    for (int round = 0; round < 100_000; round++) {
      boolean progress = false;
      for (TestNode n : nodes.values()) {
        progress |= n.handleReady(inFlight::add);
      }
      while (!inFlight.isEmpty()) {
        deliver(inFlight.poll());
        progress = true;
      }
      if (!progress) {
        return;
      }
    }
    throw new IllegalStateException("network did not stabilize");
  }

  private void deliver(Message m) {
    sentLog.add(m);
    observers.forEach(o -> o.accept(m));
    TestNode to = nodes.get(m.getTo());
    if (to == null || isolated.contains(m.getTo()) || isolated.contains(m.getFrom())
        || cutLinks.contains(link(m.getFrom(), m.getTo())) || dropped.contains(m.getMsgType())
        || dropIf.test(m)) {
      return;
    }
    try {
      to.node.step(m);
    } catch (RaftException.StepPeerNotFound | RaftException.ProposalDropped e) {
      // as a real transport would: the message is lost
    }
  }

  void tickAll(int times) {
    for (int i = 0; i < times; i++) {
      for (TestNode n : nodes.values()) {
        n.node.tick();
      }
      stabilize();
    }
  }

  /** Makes {@code id} campaign and runs the network until quiet. */
  void elect(long id) {
    nodes.get(id).node.campaign();
    stabilize();
  }

  void isolate(long id) {
    isolated.add(id);
  }

  void cut(long a, long b) {
    cutLinks.add(link(a, b));
    cutLinks.add(link(b, a));
  }

  void heal() {
    isolated.clear();
    cutLinks.clear();
    dropped.clear();
    dropIf = m -> false;
  }

  void drop(MessageType... types) {
    dropped.addAll(List.of(types));
  }

  void dropIf(Predicate<Message> p) {
    dropIf = p;
  }

  // ------------------------------------------------------------------ helpers for scenario tests

  /** Voters and learners given explicitly; every node starts with that membership. */
  static TestNetwork withMembers(long[] voters, long[] learners,
      java.util.function.UnaryOperator<Config.Builder> tweak) {
    TestNetwork net = new TestNetwork();
    net.defaultTweak = tweak;
    java.util.List<Long> all = new java.util.ArrayList<>();
    for (long v : voters) {
      all.add(v);
    }
    for (long l : learners) {
      all.add(l);
    }
    for (long id : all) {
      MemoryStorage s = MemoryStorage.withVoters(voters);
      io.kiln.proto.Eraftpb.ConfState.Builder cs = s.initialState().confState().toBuilder();
      for (long l : learners) {
        cs.addLearners(l);
      }
      s.setConfState(cs.build());
      net.add(id, s, tweak);
    }
    return net;
  }

  /**
   * Adds a brand-new node {@code id} whose storage knows the group as {@code knownVoters} (the
   * members before it joined); it learns about itself by applying the log.
   */
  TestNode addNew(long id, long... knownVoters) {
    return add(id, MemoryStorage.withVoters(knownVoters), defaultTweak);
  }

  /** Ticks only node {@code id}, {@code times} times, stabilizing after each tick. */
  void tick(long id, int times) {
    for (int i = 0; i < times; i++) {
      nodes.get(id).node.tick();
      stabilize();
    }
  }

  /** Ends the isolation of {@code id} (other partitions stay). */
  void reconnect(long id) {
    isolated.remove(id);
  }

  /** Messages of {@code type} handed to the network so far (delivered or not). */
  List<Message> sent(MessageType type) {
    return sentLog.stream().filter(m -> m.getMsgType() == type).toList();
  }

  void clearSent() {
    sentLog.clear();
  }

  private static long link(long from, long to) {
    return from * 1_000_000 + to;
  }

  /** Ids of the nodes that believe they are leader. */
  List<Long> leaders() {
    return nodes.values().stream().filter(n -> n.node.isLeader()).map(n -> n.id).toList();
  }

  /** Sees every message sent, before the network decides whether to drop it. */
  void observe(java.util.function.Consumer<Message> observer) {
    observers.add(observer);
  }

  /** Delivers {@code m} as if it came over the network, then runs the network until quiet. */
  void send(Message m) {
    inFlight.add(m);
    stabilize();
  }
}
