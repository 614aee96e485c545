package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Restarts from storage, and the Ready contract with asynchronous persistence. */
class PersistenceTest {

  // ------------------------------------------------------------------ restart

  @Test
  void restartedFollowerKeepsTermAndVoteAndCatchesUp() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.node(1).propose("b");
    net.stabilize();
    TestNode n3 = net.node(3);
    long term = n3.node.term();
    long commit = n3.node.commitIndex();
    assertThat(n3.status().hardState().getVote()).isEqualTo(1);

    net.isolate(3);
    net.node(1).propose("c");
    net.stabilize();
    n3.restart();
    assertThat(n3.node.term()).isEqualTo(term);
    assertThat(n3.status().hardState().getVote()).isEqualTo(1);
    assertThat(n3.node.commitIndex()).isEqualTo(commit);
    assertThat(n3.node.leaderId()).isZero();

    net.reconnect(3);
    net.stabilize(); // replays what it had committed
    assertThat(n3.appliedData()).containsExactly("a", "b");
    net.tick(1, 1);
    net.node(1).propose("d");
    net.stabilize();
    assertThat(n3.appliedData()).containsExactly("a", "b", "c", "d");
    assertThat(n3.node.leaderId()).isEqualTo(1);
    assertThat(n3.node.term()).isEqualTo(term);
  }

  @Test
  void wholeClusterRestartKeepsCommittedEntries() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    for (String s : List.of("a", "b", "c")) {
      net.node(1).propose(s);
    }
    net.stabilize();
    long term = net.node(1).node.term();
    long commit = net.node(1).node.commitIndex();

    for (TestNode n : net.nodes.values()) {
      n.restart();
    }
    assertThat(net.leaders()).isEmpty();
    net.stabilize();
    for (TestNode n : net.nodes.values()) {
      assertThat(n.node.term()).as("node %d", n.id).isEqualTo(term);
      assertThat(n.node.commitIndex()).as("node %d", n.id).isEqualTo(commit);
      assertThat(n.appliedData()).as("node %d", n.id).containsExactly("a", "b", "c");
    }

    net.tickAll(30);
    assertThat(net.leaders()).hasSize(1);
    long leader = net.leaders().get(0);
    assertThat(net.node(leader).node.term()).isGreaterThan(term);
    net.node(leader).propose("d");
    net.stabilize();
    for (TestNode n : net.nodes.values()) {
      assertThat(n.appliedData()).as("node %d", n.id).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void restartedLeaderBecomesFollowerAndTheGroupMovesOn() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    net.node(1).restart();
    assertThat(net.node(1).node.isLeader()).isFalse();
    net.tickAll(30);
    assertThat(net.leaders()).hasSize(1);
    long leader = net.leaders().get(0);
    net.node(leader).propose("b");
    net.stabilize();
    assertThat(net.node(1).appliedData()).containsExactly("a", "b");
  }

  // ------------------------------------------------------------------ numbered, asynchronous readies

  private static RawNode singleNode(MemoryStorage storage) {
    return new RawNode(Config.builder(1).electionTick(10).heartbeatTick(1).random(new Random(1)).build(),
        storage);
  }

  private static void persist(MemoryStorage storage, Ready rd) {
    if (rd.snapshot() != null) {
      storage.applySnapshot(rd.snapshot());
    }
    storage.append(rd.entries());
    if (rd.hardState() != null) {
      storage.setHardState(rd.hardState());
    }
  }

  @Test
  void readyNumbersIncreaseByOne() {
    MemoryStorage storage = MemoryStorage.withVoters(1);
    RawNode node = singleNode(storage);
    node.campaign();
    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      node.propose(ByteString.EMPTY, ByteString.copyFromUtf8("p" + i));
      while (node.hasReady()) {
        Ready rd = node.ready();
        numbers.add(rd.number());
        persist(storage, rd);
        node.advance(rd);
      }
    }
    assertThat(numbers).hasSizeGreaterThan(5);
    for (int i = 1; i < numbers.size(); i++) {
      assertThat(numbers.get(i)).isEqualTo(numbers.get(i - 1) + 1);
    }
  }

  @Test
  void mustSyncOnlyForEntriesOrTermOrVote() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    TestNode f = net.node(2);
    // A commit-only change (heartbeat advancing commit) need not be synced.
    List<Message> captured = new ArrayList<>();
    net.dropIf(m -> m.getTo() == 2 && captured.add(m));
    net.node(1).propose("b");
    net.stabilize();
    Message append = captured.stream().filter(m -> m.getMsgType() == MessageType.MsgAppend
        && m.getEntriesCount() > 0).findFirst().orElseThrow();
    f.node.step(append);
    Ready withEntries = f.node.ready();
    assertThat(withEntries.mustSync()).isTrue();
    persist(f.storage, withEntries);
    f.node.advance(withEntries);
    f.node.step(Message.newBuilder().setMsgType(MessageType.MsgHeartbeat).setFrom(1).setTo(2)
        .setTerm(f.node.term()).setCommit(append.getEntries(0).getIndex()).build());
    Ready commitOnly = f.node.ready();
    assertThat(commitOnly.hardState()).isNotNull();
    assertThat(commitOnly.entries()).isEmpty();
    assertThat(commitOnly.mustSync()).isFalse();
  }

  @Test
  void secondInFlightReadyThatReplacesEntriesOfTheFirstWins() {
    MemoryStorage storage = MemoryStorage.withVoters(1, 2, 3);
    RawNode f = new RawNode(Config.builder(2).electionTick(10).heartbeatTick(1).random(new Random(2)).build(),
        storage);
    // Leader of term 1 sends entries 1..3; the follower hands them out but has not written them.
    f.step(append(1, 1, 0, 0, 0, entry(1, 1), entry(2, 1), entry(3, 1)));
    Ready a = f.ready();
    assertThat(a.entries()).hasSize(3);
    // A new leader of term 2 overwrites 2..3 before that write finishes.
    f.step(append(3, 2, 1, 1, 0, entry(2, 2), entry(3, 2)));
    Ready b = f.ready();
    assertThat(b.entries()).extracting(Entry::getTerm).containsExactly(2L, 2L);

    persist(storage, a);
    f.onPersistReady(a.number()); // entries 2..3 of term 1 are not ours any more
    // Conservative, as in etcd: the acknowledgement names (3, term 1), which was replaced, so
    // nothing is claimed durable yet; above all, not the replaced entries.
    assertThat(RawNodeAccess.raft(f).raftLog.persisted).isLessThan(2);
    assertThat(f.ready().committedEntries()).isEmpty();
    persist(storage, b);
    f.onPersistReady(b.number());
    assertThat(RawNodeAccess.raft(f).raftLog.persisted).isEqualTo(3);
    assertThat(storage.term(3)).isEqualTo(2);
  }

  private static Entry entry(long index, long term) {
    return Entry.newBuilder().setIndex(index).setTerm(term)
        .setData(ByteString.copyFromUtf8(index + "@" + term)).build();
  }

  private static Message append(long from, long term, long prevIndex, long prevTerm, long commit, Entry... es) {
    return Message.newBuilder().setMsgType(MessageType.MsgAppend).setFrom(from).setTo(2).setTerm(term)
        .setIndex(prevIndex).setLogTerm(prevTerm).setCommit(commit).addAllEntries(List.of(es)).build();
  }

  @Test
  void singleLeaderCommitsOnlyWhatItPersisted() {
    MemoryStorage storage = MemoryStorage.withVoters(1);
    RawNode node = singleNode(storage);
    node.campaign();
    Ready first = node.ready(); // the leader's empty entry
    assertThat(node.commitIndex()).as("not durable, so not committed").isZero();
    node.propose(ByteString.EMPTY, ByteString.copyFromUtf8("x"));
    Ready second = node.ready(); // handed out before the first is persisted
    assertThat(second.number()).isEqualTo(first.number() + 1);
    assertThat(second.entries()).extracting(Entry::getIndex).containsExactly(2L);
    assertThat(node.commitIndex()).isZero();

    persist(storage, first);
    node.onPersistReady(first.number());
    assertThat(node.commitIndex()).isEqualTo(1);
    Ready third = node.ready();
    assertThat(third.committedEntries()).extracting(Entry::getIndex).containsExactly(1L);

    persist(storage, second);
    persist(storage, third);
    node.onPersistReady(third.number());
    assertThat(node.commitIndex()).isEqualTo(2);
    Ready fourth = node.ready();
    assertThat(fourth.committedEntries()).extracting(e -> e.getData().toStringUtf8()).containsExactly("x");
  }

  /**
   * Node 2 is driven by hand: every message to it is captured instead of delivered, and what it
   * says is stepped into the leader by the test.
   */
  @Test
  void followerAcksOnlyAfterPersistingAndAppliesOnlyDurableEntries() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    List<Message> to2 = new ArrayList<>();
    net.dropIf(m -> {
      if (m.getTo() == 2) {
        to2.add(m);
        return true;
      }
      return false;
    });
    TestNode f = net.node(2);

    net.node(1).propose("p1");
    net.stabilize(); // commits with 1 and 3
    long p1 = net.node(1).node.lastIndex();
    to2.forEach(f.node::step);
    to2.clear();
    assertThat(f.node.commitIndex()).as("the leader told it p1 is committed").isEqualTo(p1);
    Ready a = f.node.ready();
    assertThat(a.entries()).extracting(e -> e.getData().toStringUtf8()).containsExactly("p1");
    assertThat(a.messages()).isEmpty();
    assertThat(a.persistedMessages()).anySatisfy(m -> {
      assertThat(m.getMsgType()).isEqualTo(MessageType.MsgAppendResponse);
      assertThat(m.getIndex()).isEqualTo(p1);
    });
    assertThat(a.committedEntries()).as("p1 is not durable here yet").allMatch(e -> e.getIndex() < p1);

    net.node(1).propose("p2");
    net.stabilize();
    long p2 = net.node(1).node.lastIndex();
    to2.forEach(f.node::step);
    to2.clear();
    Ready b = f.node.ready(); // a second Ready before the first is persisted
    assertThat(b.number()).isEqualTo(a.number() + 1);
    assertThat(b.entries()).extracting(e -> e.getData().toStringUtf8()).containsExactly("p2");
    assertThat(b.messages()).isEmpty();
    assertThat(b.persistedMessages()).anySatisfy(m -> {
      assertThat(m.getMsgType()).isEqualTo(MessageType.MsgAppendResponse);
      assertThat(m.getIndex()).isEqualTo(p2);
    });
    assertThat(b.committedEntries()).isEmpty();

    persist(f.storage, a);
    persist(f.storage, b);
    f.node.onPersistReady(b.number());
    Ready c = f.node.ready();
    assertThat(c.committedEntries()).extracting(e -> e.getData().toStringUtf8()).containsExactly("p1", "p2");
    assertThat(c.lastCommittedIndex()).isEqualTo(p2);
    f.node.advance(c);
    assertThat(f.node.appliedIndex()).isEqualTo(p2);
    // Older acknowledgements arriving late change nothing.
    f.node.onPersistReady(a.number());
    assertThat(f.node.hasReady()).isFalse();
  }

  @Test
  void followerCrashBeforePersistingLosesNoCommittedEntry() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    net.isolate(3);
    List<Message> to2 = new ArrayList<>();
    net.dropIf(m -> {
      if (m.getTo() == 2) {
        to2.add(m);
        return true;
      }
      return false;
    });
    long commit = net.node(1).node.commitIndex();
    net.node(1).propose("x");
    net.stabilize();
    TestNode f = net.node(2);
    to2.forEach(f.node::step);
    to2.clear();
    Ready rd = f.node.ready();
    assertThat(rd.entries()).isNotEmpty();
    // Crash before the write: the acknowledgement, a persisted message, was never sent.
    f.restart();
    assertThat(net.node(1).node.commitIndex()).isEqualTo(commit);
    assertThat(f.node.lastIndex()).isEqualTo(commit);

    net.dropIf(m -> false);
    net.stabilize();
    net.tick(1, 1);
    assertThat(net.node(1).node.commitIndex()).isGreaterThan(commit);
    assertThat(f.appliedData()).containsExactly("a", "x");
  }

  @Test
  void leaderSendsAppendsAtOnceButCountsItselfOnlyOncePersisted() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    TestNode l = net.node(1);
    long commit = l.node.commitIndex();

    l.propose("x");
    long x = l.node.lastIndex();
    Ready r1 = l.node.ready();
    assertThat(r1.entries()).extracting(Entry::getIndex).containsExactly(x);
    assertThat(r1.persistedMessages()).isEmpty();
    assertThat(r1.messages()).filteredOn(m -> m.getMsgType() == MessageType.MsgAppend)
        .extracting(Message::getTo).containsExactlyInAnyOrder(2L, 3L);

    // Only node 2 gets it (node 3 is slow): 2 of 3 only if the leader's own copy is durable.
    List<Message> back = new ArrayList<>();
    r1.messages().stream().filter(m -> m.getTo() == 2).forEach(net.node(2).node::step);
    net.node(2).handleReady(back::add);
    back.forEach(l.node::step);
    assertThat(l.node.commitIndex()).isEqualTo(commit);

    persist(l.storage, r1);
    l.node.onPersistReady(r1.number());
    assertThat(l.node.commitIndex()).isEqualTo(x);
    Ready r2 = l.node.ready();
    assertThat(r2.committedEntries()).extracting(e -> e.getData().toStringUtf8()).containsExactly("x");
    assertThat(r2.hardState().getCommit()).isEqualTo(x);
  }

  @Test
  void leaderNeverHandsOutCommittedEntriesBeyondWhatItPersisted() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.node(1).propose("a");
    net.stabilize();
    TestNode l = net.node(1);

    l.propose("y");
    long y = l.node.lastIndex();
    Ready r1 = l.node.ready();
    List<Message> back = new ArrayList<>();
    for (long id : new long[] {2, 3}) {
      r1.messages().stream().filter(m -> m.getTo() == id).forEach(net.node(id).node::step);
      net.node(id).handleReady(back::add);
    }
    back.forEach(l.node::step);
    assertThat(l.node.commitIndex()).as("committed by the followers alone").isEqualTo(y);

    Ready r2 = l.node.ready();
    assertThat(r2.committedEntries()).allMatch(e -> e.getIndex() < y);
    HardState hs = r2.hardState();
    assertThat(hs == null ? 0 : hs.getCommit()).isIn(0L, y);

    persist(l.storage, r1);
    persist(l.storage, r2);
    l.node.onPersistReady(r2.number());
    Ready r3 = l.node.ready();
    assertThat(r3.committedEntries()).extracting(e -> e.getData().toStringUtf8()).containsExactly("y");
  }
}
