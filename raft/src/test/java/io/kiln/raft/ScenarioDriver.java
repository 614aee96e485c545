package io.kiln.raft;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.ConfChangeSingle;
import io.kiln.proto.Eraftpb.ConfChangeTransition;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs scenario commands against a group of {@link TestNode}s and prints what happened, so a
 * scenario file reads as a story: who sent what to whom, who leads, what each node applied.
 *
 * <p>Commands (ids are node ids; {@code k=v} arguments are optional):
 * <ul>
 *   <li>{@code nodes n=3 [prevote] [checkquorum] [lease] [learners=4,5] [election=10] [heartbeat=1]}
 *   <li>{@code add-node ID}: a new, empty node (it learns the group from a snapshot)
 *   <li>{@code campaign ID}, {@code tick ID [n=1]}, {@code tick-all [n=1]}
 *   <li>{@code propose ID DATA}, {@code read-index ID CTX}, {@code transfer-leader FROM TO}
 *   <li>{@code conf-change ID add=4,5 remove=2 learner=6 [transition=auto|implicit|explicit]}
 *   <li>{@code stabilize} delivers until quiet and prints every message delivered or dropped
 *   <li>{@code isolate ID}, {@code cut A B}, {@code heal}
 *   <li>{@code compact ID INDEX} snapshots the applied state at INDEX and compacts the log
 *   <li>{@code restart ID} rebuilds a node from its storage
 *   <li>{@code status [ID...]}, {@code applied [ID...]}, {@code reads ID}, {@code log ID}
 * </ul>
 */
final class ScenarioDriver {

  private final TreeMap<Long, TestNode> nodes = new TreeMap<>();
  private final ArrayDeque<Message> inFlight = new ArrayDeque<>();
  private final Set<Long> isolated = new HashSet<>();
  private final Set<String> cut = new HashSet<>();
  private final Map<Long, Integer> readsShown = new HashMap<>();

  String run(String command) {
    String[] words = command.split("\\s+");
    Args a = new Args(words);
    StringBuilder out = new StringBuilder();
    switch (words[0]) {
      case "nodes" -> createNodes(a);
      case "add-node" -> addNode(a.id(1));
      case "campaign" -> node(a.id(1)).node.campaign();
      case "tick" -> {
        for (int i = 0; i < a.intOr("n", 1); i++) {
          node(a.id(1)).node.tick();
        }
      }
      case "tick-all" -> {
        for (int i = 0; i < a.intOr("n", 1); i++) {
          nodes.values().forEach(n -> n.node.tick());
        }
      }
      case "propose" -> catchDropped(out, () -> node(a.id(1)).propose(words[2]));
      case "read-index" -> catchDropped(out, () -> node(a.id(1)).node.readIndex(ByteString.copyFromUtf8(words[2])));
      case "transfer-leader" -> node(a.id(1)).node.transferLeader(a.id(2));
      case "conf-change" -> catchDropped(out, () -> node(a.id(1)).proposeConfChange(confChange(a)));
      case "stabilize" -> stabilize(out);
      case "isolate" -> isolated.add(a.id(1));
      case "cut" -> {
        cut.add(a.id(1) + ">" + a.id(2));
        cut.add(a.id(2) + ">" + a.id(1));
      }
      case "heal" -> {
        isolated.clear();
        cut.clear();
      }
      case "compact" -> compact(a.id(1), Long.parseLong(words[2]));
      case "restart" -> node(a.id(1)).restart();
      case "status" -> forEachNode(a, n -> out.append(status(n)).append('\n'));
      case "applied" -> forEachNode(a, n -> out.append(n.id).append(": ").append(n.appliedData()).append('\n'));
      case "reads" -> reads(node(a.id(1)), out);
      case "log" -> log(node(a.id(1)), out);
      default -> throw new IllegalArgumentException("unknown command: " + words[0]);
    }
    return out.toString();
  }

  private void createNodes(Args a) {
    int n = a.intOr("n", 3);
    List<Long> learners = a.ids("learners");
    ConfState.Builder cs = ConfState.newBuilder();
    for (long id = 1; id <= n; id++) {
      if (learners.contains(id)) {
        cs.addLearners(id);
      } else {
        cs.addVoters(id);
      }
    }
    for (long id = 1; id <= n; id++) {
      MemoryStorage s = new MemoryStorage();
      s.setConfState(cs.build());
      Config.Builder b = Config.builder(id).electionTick(a.intOr("election", 10))
          .heartbeatTick(a.intOr("heartbeat", 1)).random(new Random(id))
          .preVote(a.has("prevote")).checkQuorum(a.has("checkquorum") || a.has("lease"));
      if (a.has("lease")) {
        b.readOnlyOption(ReadOnlyOption.LEASE_BASED);
      }
      nodes.put(id, new TestNode(id, s, b));
    }
  }

  private void addNode(long id) {
    Config.Builder b = Config.builder(id).electionTick(10).heartbeatTick(1).random(new Random(id));
    nodes.put(id, new TestNode(id, new MemoryStorage(), b));
  }

  private void stabilize(StringBuilder out) {
    for (int round = 0; round < 10_000; round++) {
      boolean moved = false;
      for (TestNode n : nodes.values()) {
        moved |= n.handleReady(inFlight::add);
      }
      while (!inFlight.isEmpty()) {
        Message m = inFlight.poll();
        moved = true;
        boolean blocked = isolated.contains(m.getFrom()) || isolated.contains(m.getTo())
            || cut.contains(m.getFrom() + ">" + m.getTo()) || !nodes.containsKey(m.getTo());
        out.append(blocked ? "  dropped " : "  ").append(ScenarioFormat.message(m)).append('\n');
        if (!blocked) {
          try {
            nodes.get(m.getTo()).node.step(m);
          } catch (RaftException e) {
            out.append("    error: ").append(e.getMessage()).append('\n');
          }
        }
      }
      if (!moved) {
        return;
      }
    }
    throw new IllegalStateException("scenario did not stabilize");
  }

  private void compact(long id, long index) {
    TestNode n = node(id);
    n.storage.createSnapshot(index, n.confState, ByteString.copyFromUtf8(String.join(",", n.appliedData())));
    n.storage.compact(index);
  }

  private static ConfChangeV2 confChange(Args a) {
    ConfChangeV2.Builder cc = ConfChangeV2.newBuilder();
    for (long id : a.ids("add")) {
      cc.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.AddNode).setNodeId(id));
    }
    for (long id : a.ids("remove")) {
      cc.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.RemoveNode).setNodeId(id));
    }
    for (long id : a.ids("learner")) {
      cc.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.AddLearnerNode).setNodeId(id));
    }
    switch (a.stringOr("transition", "auto")) {
      case "implicit" -> cc.setTransition(ConfChangeTransition.Implicit);
      case "explicit" -> cc.setTransition(ConfChangeTransition.Explicit);
      default -> cc.setTransition(ConfChangeTransition.Auto);
    }
    return cc.build();
  }

  private static String status(TestNode n) {
    RawNode r = n.node;
    Status s = r.status();
    return n.id + ": " + s.softState().role() + " term=" + r.term() + " lead=" + r.leaderId()
        + " commit=" + r.commitIndex() + " applied=" + r.appliedIndex() + " last=" + r.lastIndex()
        + " " + ScenarioFormat.confState(n.confState);
  }

  private void reads(TestNode n, StringBuilder out) {
    int shown = readsShown.getOrDefault(n.id, 0);
    List<ReadState> rs = n.readStates;
    for (int i = shown; i < rs.size(); i++) {
      out.append(n.id).append(": read ").append(rs.get(i).requestCtx().toStringUtf8())
          .append(" at index ").append(rs.get(i).index()).append('\n');
    }
    if (rs.size() == shown) {
      out.append(n.id).append(": no new reads\n");
    }
    readsShown.put(n.id, rs.size());
  }

  private static void log(TestNode n, StringBuilder out) {
    long first = n.storage.firstIndex();
    long last = n.storage.lastIndex();
    out.append(n.id).append(": first=").append(first).append(" last=").append(last).append('\n');
    if (last >= first) {
      for (Entry e : n.storage.entries(first, last + 1, Long.MAX_VALUE)) {
        out.append("  ").append(ScenarioFormat.entry(e)).append('\n');
      }
    }
  }

  private interface Action {
    void run();
  }

  private static void catchDropped(StringBuilder out, Action action) {
    try {
      action.run();
    } catch (RaftException.ProposalDropped e) {
      out.append(e.getMessage()).append('\n');
    }
  }

  private void forEachNode(Args a, java.util.function.Consumer<TestNode> f) {
    List<Long> ids = a.positionalIds();
    if (ids.isEmpty()) {
      nodes.values().forEach(f);
    } else {
      ids.forEach(id -> f.accept(node(id)));
    }
  }

  private TestNode node(long id) {
    TestNode n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id);
    }
    return n;
  }

  /** Positional and key=value arguments of one command. */
  private record Args(String[] words) {
    long id(int position) {
      return Long.parseLong(words[position]);
    }

    boolean has(String flag) {
      for (String w : words) {
        if (w.equals(flag) || w.startsWith(flag + "=")) {
          return true;
        }
      }
      return false;
    }

    String stringOr(String key, String dflt) {
      for (String w : words) {
        if (w.startsWith(key + "=")) {
          return w.substring(key.length() + 1);
        }
      }
      return dflt;
    }

    int intOr(String key, int dflt) {
      return Integer.parseInt(stringOr(key, String.valueOf(dflt)));
    }

    /** Every id given as {@code key=1,2} (the key may repeat). */
    List<Long> ids(String key) {
      List<Long> out = new ArrayList<>();
      for (String w : words) {
        if (w.startsWith(key + "=")) {
          for (String s : w.substring(key.length() + 1).split(",")) {
            out.add(Long.parseLong(s));
          }
        }
      }
      return out;
    }

    List<Long> positionalIds() {
      List<Long> out = new ArrayList<>();
      for (int i = 1; i < words.length; i++) {
        if (!words[i].contains("=")) {
          out.add(Long.parseLong(words[i]));
        }
      }
      return out;
    }
  }
}
