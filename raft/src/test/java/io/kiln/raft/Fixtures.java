package io.kiln.raft;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Building blocks for scenario tests: storages with a prepared log, single nodes driven by hand,
 * hand-made messages, and views of a node's log.
 */
final class Fixtures {

  private Fixtures() {}

  static final long NONE = 0;

  static long[] ids(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
    }
    return ids;
  }

  /** The test default settings (as in {@link TestNetwork}): election 10, heartbeat 1, seeded by id. */
  static Config.Builder config(long id) {
    return Config.builder(id).electionTick(10).heartbeatTick(1).random(new Random(id));
  }

  /**
   * A storage for {@code voters} whose log holds entries 1..n with the given terms (entry i has
   * data "e{i}"), and whose hard state is at {@code term} with no vote and nothing committed.
   */
  static MemoryStorage storage(long[] voters, long term, long... logTerms) {
    MemoryStorage s = MemoryStorage.withVoters(voters);
    s.append(entries(1, logTerms));
    s.setHardState(HardState.newBuilder().setTerm(term).build());
    return s;
  }

  /** Entries from {@code firstIndex} on, with the given terms. */
  static List<Entry> entries(long firstIndex, long... terms) {
    List<Entry> es = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      long idx = firstIndex + i;
      es.add(Entry.newBuilder().setIndex(idx).setTerm(terms[i])
          .setData(ByteString.copyFromUtf8("e" + idx)).build());
    }
    return es;
  }

  static Entry entry(long index, long term) {
    return Entry.newBuilder().setIndex(index).setTerm(term).build();
  }

  /** A node driven by hand, on {@code storage}. */
  static TestNode node(long id, MemoryStorage storage, UnaryOperator<Config.Builder> tweak) {
    return new TestNode(id, storage, tweak.apply(config(id)));
  }

  static TestNode node(long id, MemoryStorage storage) {
    return node(id, storage, b -> b);
  }

  /** A fresh node (empty log, term 0) in a group of {@code n} voters. */
  static TestNode freshNode(long id, int n, UnaryOperator<Config.Builder> tweak) {
    return node(id, MemoryStorage.withVoters(ids(n)), tweak);
  }

  /** Handles every pending Ready of {@code n} (persisting, applying) and returns what it sent. */
  static List<Message> drain(TestNode n) {
    List<Message> out = new ArrayList<>();
    while (n.handleReady(out::add)) {
      // keep going
    }
    return out;
  }

  /** Only the messages of {@code type} in {@code ms}. */
  static List<Message> ofType(List<Message> ms, MessageType type) {
    return ms.stream().filter(m -> m.getMsgType() == type).toList();
  }

  static Message.Builder msg(MessageType type, long from, long to, long term) {
    return Message.newBuilder().setMsgType(type).setFrom(from).setTo(to).setTerm(term);
  }

  /** A vote (or pre-vote) request from a candidate whose log ends at (lastIndex, lastTerm). */
  static Message voteRequest(MessageType type, long from, long to, long term, long lastIndex, long lastTerm) {
    return msg(type, from, to, term).setIndex(lastIndex).setLogTerm(lastTerm).build();
  }

  static Message voteResponse(long from, long to, long term, boolean reject) {
    return msg(MessageType.MsgRequestVoteResponse, from, to, term).setReject(reject).build();
  }

  static Message appendResponse(long from, long to, long term, long index) {
    return msg(MessageType.MsgAppendResponse, from, to, term).setIndex(index).build();
  }

  /** The whole log of {@code n} (stable and unstable parts), from its first index. */
  static List<Entry> log(TestNode n) {
    RaftLog l = n.raft().raftLog;
    return l.slice(l.firstIndex(), l.lastIndex() + 1, Long.MAX_VALUE);
  }

  /** Terms of the entries of {@code n}'s log, in index order. */
  static List<Long> terms(TestNode n) {
    return log(n).stream().map(Entry::getTerm).toList();
  }

  /** (index, term, data) of each entry, comparable between nodes. */
  static List<String> logView(TestNode n) {
    return log(n).stream().map(e -> e.getIndex() + "/" + e.getTerm() + "/" + e.getData().toStringUtf8()).toList();
  }

  static ByteString bytes(int size) {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) 'x');
    return ByteString.copyFrom(b);
  }

  static long[] repeat(long term, int times) {
    long[] ts = new long[times];
    java.util.Arrays.fill(ts, term);
    return ts;
  }

  static long[] concat(long[]... parts) {
    int len = 0;
    for (long[] p : parts) {
      len += p.length;
    }
    long[] out = new long[len];
    int i = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}
