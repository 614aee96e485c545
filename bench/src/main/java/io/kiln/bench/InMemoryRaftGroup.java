package io.kiln.bench;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.raft.Config;
import io.kiln.raft.MemoryStorage;
import io.kiln.raft.RawNode;
import io.kiln.raft.Ready;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A raft group of in-memory peers driven by one thread: every Ready is handled the way an
 * application would (send, append to storage, apply, advance), and messages are delivered
 * directly. It measures the raft core alone: no IO, no threads, no serialization.
 */
final class InMemoryRaftGroup {

  private final List<RawNode> nodes = new ArrayList<>();
  private final List<MemoryStorage> storages = new ArrayList<>();
  private final ArrayDeque<Message> mailbox = new ArrayDeque<>();
  private long appliedOnLeader;
  private long sinceCompaction;

  InMemoryRaftGroup(int size, long seed) {
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = i + 1;
    }
    Random random = new Random(seed);
    for (long id : ids) {
      MemoryStorage s = MemoryStorage.withVoters(ids);
      storages.add(s);
      nodes.add(new RawNode(Config.builder(id).electionTick(10).heartbeatTick(1)
          .maxInflightMsgs(4096).maxSizePerMsg(1 << 20).random(new Random(random.nextLong())).build(), s));
    }
    nodes.get(0).campaign();
    pump();
    if (!nodes.get(0).isLeader()) {
      throw new IllegalStateException("node 1 did not become leader");
    }
  }

  RawNode leader() {
    return nodes.get(0);
  }

  long appliedOnLeader() {
    return appliedOnLeader;
  }

  void propose(ByteString data) {
    nodes.get(0).propose(ByteString.EMPTY, data);
  }

  void proposeBatch(List<ByteString> datas) {
    nodes.get(0).proposeBatch(datas);
  }

  /** Handles readies and delivers messages until the group is quiet. */
  void pump() {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = 0; i < nodes.size(); i++) {
        RawNode n = nodes.get(i);
        if (n.hasReady()) {
          handle(i, n, n.ready());
          progress = true;
        }
      }
      Message m;
      while ((m = mailbox.poll()) != null) {
        nodes.get((int) m.getTo() - 1).step(m);
        progress = true;
      }
    }
    maybeCompact();
  }

  private void handle(int i, RawNode n, Ready rd) {
    mailbox.addAll(rd.messages());
    MemoryStorage s = storages.get(i);
    s.append(rd.entries());
    if (rd.hardState() != null) {
      s.setHardState(rd.hardState());
    }
    mailbox.addAll(rd.persistedMessages());
    if (i == 0) {
      for (Entry e : rd.committedEntries()) {
        if (!e.getData().isEmpty()) {
          appliedOnLeader++;
        }
      }
    }
    n.advance(rd);
  }

  /** Keeps memory flat over long runs, as log GC would. */
  private void maybeCompact() {
    if (++sinceCompaction < 1024) {
      return;
    }
    sinceCompaction = 0;
    for (int i = 0; i < nodes.size(); i++) {
      long applied = nodes.get(i).appliedIndex();
      MemoryStorage s = storages.get(i);
      if (applied - s.firstIndex() > 100_000) {
        s.compact(applied - 10_000);
      }
    }
  }
}
