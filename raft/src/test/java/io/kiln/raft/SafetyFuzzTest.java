package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raft's safety properties (§5.2 Election Safety, §5.3 Log Matching, §5.4 State Machine Safety)
 * under an adversarial network: messages are reordered, duplicated and dropped, nodes crash and
 * restart from their storage, and proposals arrive anywhere. Every run is seeded.
 */
class SafetyFuzzTest {

  private final Map<Long, TestNode> nodes = new TreeMap<>();
  private final List<Message> wire = new ArrayList<>();
  private final Map<Long, Long> leaderOfTerm = new HashMap<>();
  /** index -> "term/data" of every entry any node applied: all nodes must agree. */
  private final Map<Long, String> appliedAt = new HashMap<>();

  private void setUp(int n, UnaryOperator<Config.Builder> tweak) {
    long[] ids = Fixtures.ids(n);
    for (long id : ids) {
      nodes.put(id, new TestNode(id, MemoryStorage.withVoters(ids), tweak.apply(Fixtures.config(id))));
    }
  }

  private void handleReadies() {
    for (TestNode n : nodes.values()) {
      while (n.handleReady(wire::add)) {
        // keep going
      }
    }
  }

  private void deliver(Message m) {
    TestNode to = nodes.get(m.getTo());
    try {
      to.node.step(m);
    } catch (RaftException.ProposalDropped | RaftException.StepPeerNotFound e) {
      // lost
    }
  }

  private void check(long seed) {
    for (TestNode n : nodes.values()) {
      if (n.node.isLeader()) {
        Long prev = leaderOfTerm.putIfAbsent(n.node.term(), n.id);
        if (prev != null && prev != n.id) {
          fail("seed %d: two leaders in term %d: %d and %d", seed, n.node.term(), prev, n.id);
        }
      }
      for (Entry e : n.applied) {
        String v = e.getTerm() + "/" + e.getData().toStringUtf8();
        String prev = appliedAt.putIfAbsent(e.getIndex(), v);
        if (prev != null && !prev.equals(v)) {
          fail("seed %d: node %d applied %s at %d, another node applied %s", seed, n.id, v, e.getIndex(), prev);
        }
      }
    }
  }

  private void checkLogMatching(long seed) {
    List<TestNode> ns = new ArrayList<>(nodes.values());
    for (int i = 0; i < ns.size(); i++) {
      for (int j = i + 1; j < ns.size(); j++) {
        Map<Long, Entry> a = new HashMap<>();
        Fixtures.log(ns.get(i)).forEach(e -> a.put(e.getIndex(), e));
        List<Entry> lb = Fixtures.log(ns.get(j));
        long lastAgreeing = 0;
        for (Entry e : lb) {
          Entry o = a.get(e.getIndex());
          if (o != null && o.getTerm() == e.getTerm()) {
            lastAgreeing = e.getIndex();
          }
        }
        for (Entry e : lb) {
          Entry o = a.get(e.getIndex());
          if (e.getIndex() <= lastAgreeing && o != null && !o.equals(e)) {
            fail("seed %d: nodes %d and %d agree at %d but differ at %d", seed, ns.get(i).id, ns.get(j).id,
                lastAgreeing, e.getIndex());
          }
        }
      }
    }
  }

  /** Calm network: deliver everything in order while ticking every node. */
  private void calm(long seed, int rounds) {
    for (int round = 0; round < rounds; round++) {
      for (TestNode n : nodes.values()) {
        n.node.tick();
      }
      handleReadies();
      while (!wire.isEmpty()) {
        deliver(wire.remove(0));
        handleReadies();
      }
      check(seed);
    }
  }

  private void run(long seed, UnaryOperator<Config.Builder> tweak) {
    Random rnd = new Random(seed);
    setUp(5, b -> tweak.apply(b.random(new Random(seed * 31 + b.build().id()))));
    int proposals = 0;
    for (int step = 0; step < 3000; step++) {
      int action = rnd.nextInt(100);
      if (action < 30) {
        nodes.get(1L + rnd.nextInt(5)).node.tick();
      } else if (action < 80 && !wire.isEmpty()) {
        Message m = wire.remove(rnd.nextInt(wire.size())); // reordered
        int fate = rnd.nextInt(100);
        if (fate >= 10) { // 10% lost
          deliver(m);
        }
        if (fate >= 95) { // 5% duplicated
          wire.add(m);
        }
      } else if (action < 92) {
        TestNode n = nodes.get(1L + rnd.nextInt(5));
        try {
          n.propose("v" + seed + "-" + (proposals++));
        } catch (RaftException.ProposalDropped e) {
          // no leader known: fine
        }
      } else if (action < 93) {
        nodes.get(1L + rnd.nextInt(5)).restart();
      }
      handleReadies();
      check(seed);
    }
    checkLogMatching(seed);
    calm(seed, 200);
    checkLogMatching(seed);
    // Liveness once the network is calm: the leader still takes and commits a proposal.
    List<TestNode> leaders = nodes.values().stream().filter(n -> n.node.isLeader()).toList();
    assertThat(leaders).as("seed %d", seed).hasSize(1);
    leaders.get(0).propose("final");
    calm(seed, 20);
    List<String> first = nodes.get(1L).appliedData();
    for (TestNode n : nodes.values()) {
      assertThat(n.appliedData()).as("seed %d node %d", seed, n.id).isEqualTo(first);
    }
    assertThat(first).as("seed %d: something was committed", seed).hasSizeGreaterThan(5).contains("final");
    assertThat(leaderOfTerm).as("seed %d: leadership changed hands", seed).hasSizeGreaterThan(1);
    System.out.printf("seed %d: %d terms with a leader, %d entries applied%n", seed, leaderOfTerm.size(), first.size());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void plainRaft(long seed) {
    run(seed, b -> b);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void preVoteAndCheckQuorum(long seed) {
    run(seed, b -> b.preVote(true).checkQuorum(true));
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23})
  void smallWindowsAndMessages(long seed) {
    run(seed, b -> b.maxInflightMsgs(2).maxSizePerMsg(1).maxUncommittedEntriesSize(64));
  }
}
