package io.kiln.raft;

import static io.kiln.raft.Fixtures.entries;
import static io.kiln.raft.Fixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.proto.Eraftpb.SnapshotMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MemoryStorage's contract (typed errors, sizes, compaction, truncation) and the RaftLog over it. */
class StorageTest {

  /** Entries 3..5 with terms 3, 4, 5, after a snapshot at index 2 (term 2)... as etcd's tests do. */
  private static MemoryStorage compactedAt3() {
    MemoryStorage s = new MemoryStorage();
    s.append(entries(1, 1, 2, 3, 4, 5));
    s.compact(3);
    return s;
  }

  private static List<Long> indexes(List<Entry> es) {
    return es.stream().map(Entry::getIndex).toList();
  }

  @Test
  void termAnswersFromTheSnapshotIndexToTheLastIndex() {
    MemoryStorage s = compactedAt3();
    assertThat(s.firstIndex()).isEqualTo(4);
    assertThat(s.lastIndex()).isEqualTo(5);
    assertThat(s.term(3)).as("the compacted dummy still knows its term").isEqualTo(3);
    assertThat(s.term(5)).isEqualTo(5);
    assertThatThrownBy(() -> s.term(2)).isInstanceOf(RaftStorageException.Compacted.class);
    assertThatThrownBy(() -> s.term(6)).isInstanceOf(RaftStorageException.Unavailable.class);
  }

  @Test
  void entriesHaveTypedErrorsAndASizeLimitOfAtLeastOneEntry() {
    MemoryStorage s = new MemoryStorage();
    s.append(entries(1, 1, 1, 1, 1, 1));
    s.compact(1);
    assertThatThrownBy(() -> s.entries(1, 3, Long.MAX_VALUE)).isInstanceOf(RaftStorageException.Compacted.class);
    assertThatThrownBy(() -> s.entries(4, 7, Long.MAX_VALUE)).isInstanceOf(RaftStorageException.Unavailable.class);
    assertThat(indexes(s.entries(2, 6, Long.MAX_VALUE))).containsExactly(2L, 3L, 4L, 5L);
    long one = s.entries(2, 3, Long.MAX_VALUE).get(0).getSerializedSize();
    assertThat(indexes(s.entries(2, 6, 0))).as("a zero limit still returns one entry").containsExactly(2L);
    assertThat(indexes(s.entries(2, 6, one))).containsExactly(2L);
    assertThat(indexes(s.entries(2, 6, 2 * one))).containsExactly(2L, 3L);
    assertThat(indexes(s.entries(2, 6, 3 * one - 1))).containsExactly(2L, 3L);
    assertThat(indexes(s.entries(2, 6, 3 * one))).containsExactly(2L, 3L, 4L);
    assertThat(s.entries(3, 3, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void compactKeepsTheTermOfTheCompactedIndexAndRejectsBadIndexes() {
    MemoryStorage s = compactedAt3();
    assertThatThrownBy(() -> s.compact(2)).isInstanceOf(RaftStorageException.Compacted.class);
    assertThatThrownBy(() -> s.compact(3)).isInstanceOf(RaftStorageException.Compacted.class);
    assertThatThrownBy(() -> s.compact(6)).isInstanceOf(IllegalArgumentException.class);
    s.compact(5);
    assertThat(s.firstIndex()).isEqualTo(6);
    assertThat(s.lastIndex()).isEqualTo(5);
    assertThat(s.term(5)).isEqualTo(5);
    assertThat(s.entries(6, 6, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void appendTruncatesConflictsSkipsCompactedEntriesAndRejectsGaps() {
    MemoryStorage s = compactedAt3(); // dummy 3/3, then 4/4, 5/5
    s.append(List.of(entry(4, 6), entry(5, 6), entry(6, 6)));
    assertThat(s.lastIndex()).isEqualTo(6);
    assertThat(s.term(4)).isEqualTo(6);
    s.append(List.of(entry(5, 7)));
    assertThat(s.lastIndex()).as("the tail after a replaced entry is gone").isEqualTo(5);
    assertThat(s.term(5)).isEqualTo(7);
    s.append(List.of(entry(1, 1), entry(2, 2)));
    assertThat(s.lastIndex()).as("entirely compacted: ignored").isEqualTo(5);
    s.append(List.of(entry(2, 2), entry(3, 3), entry(4, 6), entry(5, 8)));
    assertThat(s.firstIndex()).isEqualTo(4);
    assertThat(s.term(5)).as("the compacted prefix is trimmed, the rest applied").isEqualTo(8);
    assertThatThrownBy(() -> s.append(List.of(entry(7, 8)))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotsHaveTypedErrors() {
    MemoryStorage s = MemoryStorage.withVoters(1, 2, 3);
    s.append(entries(1, 1, 1, 2));
    ConfState cs = ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3).build();
    Snapshot snap = s.createSnapshot(2, cs, ByteString.copyFromUtf8("state"));
    assertThat(snap.getMetadata().getIndex()).isEqualTo(2);
    assertThat(snap.getMetadata().getTerm()).isEqualTo(1);
    assertThatThrownBy(() -> s.createSnapshot(2, cs, null)).isInstanceOf(RaftStorageException.SnapshotOutOfDate.class);
    assertThatThrownBy(() -> s.createSnapshot(1, cs, null)).isInstanceOf(RaftStorageException.SnapshotOutOfDate.class);
    assertThat(s.snapshot(0, 2)).isEqualTo(snap);
    s.setSnapshotUnavailable(true);
    assertThatThrownBy(() -> s.snapshot(0, 2)).isInstanceOf(RaftStorageException.SnapshotTemporarilyUnavailable.class);

    MemoryStorage follower = new MemoryStorage();
    follower.applySnapshot(snap);
    assertThat(follower.firstIndex()).isEqualTo(3);
    assertThat(follower.lastIndex()).isEqualTo(2);
    assertThat(follower.term(2)).isEqualTo(1);
    Snapshot older = Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder().setIndex(1).setTerm(1)).build();
    assertThatThrownBy(() -> follower.applySnapshot(older)).isInstanceOf(RaftStorageException.SnapshotOutOfDate.class);
    assertThatThrownBy(() -> follower.applySnapshot(snap)).isInstanceOf(RaftStorageException.SnapshotOutOfDate.class);
  }

  /**
   * The typed errors drive raft: a follower behind the leader's compaction gets a snapshot
   * (Compacted); while the storage answers SnapshotTemporarilyUnavailable nothing is sent, and a
   * later heartbeat retries.
   */
  @Test
  void followerBehindCompactionCatchesUpBySnapshotOnceOneIsAvailable() {
    TestNetwork net = TestNetwork.of(3);
    net.elect(1);
    net.isolate(3);
    for (int i = 0; i < 5; i++) {
      net.node(1).propose("p" + i);
    }
    net.stabilize();
    TestNode l = net.node(1);
    assertThat(l.node.appliedIndex()).isEqualTo(6);
    l.storage.createSnapshot(5, l.confState, ByteString.copyFromUtf8("image@5"));
    l.storage.compact(5);
    l.storage.setSnapshotUnavailable(true);
    net.heal();
    List<Snapshot> sent = new java.util.ArrayList<>();
    net.observe(m -> {
      if (m.getMsgType() == io.kiln.proto.Eraftpb.MessageType.MsgSnapshot) {
        sent.add(m.getSnapshot());
      }
    });
    net.tick(1, 2);
    assertThat(sent).as("no snapshot while the storage is generating one").isEmpty();
    assertThat(net.node(3).node.lastIndex()).isEqualTo(1);

    l.storage.setSnapshotUnavailable(false);
    net.tick(1, 2);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getMetadata().getIndex()).isEqualTo(5);
    TestNode f = net.node(3);
    assertThat(f.storage.firstIndex()).isEqualTo(6);
    assertThat(f.node.lastIndex()).isEqualTo(6);
    assertThat(f.node.commitIndex()).isEqualTo(6);
    assertThat(l.raft().prs.get(3).state()).isEqualTo(io.kiln.raft.tracker.ProgressState.REPLICATE);
    l.propose("after");
    net.stabilize();
    assertThat(f.appliedData()).as("the snapshot replaced the state machine up to 5").containsExactly("p4", "after");
  }

  // ------------------------------------------------------------------ RaftLog and UnstableLog

  /** A log with 1..3 (term 1) stable and 4..5 (term 2) unstable. */
  private static RaftLog splitLog() {
    MemoryStorage s = new MemoryStorage();
    s.append(entries(1, 1, 1, 1));
    RaftLog log = new RaftLog(s, Long.MAX_VALUE);
    log.append(entries(4, 2, 2));
    return log;
  }

  @Test
  void termLookupCrossesTheStableUnstableBoundary() {
    RaftLog log = splitLog();
    assertThat(log.unstable.offset()).isEqualTo(4);
    assertThat(log.lastIndex()).isEqualTo(5);
    assertThat(log.term(0)).isZero();
    assertThat(log.term(3)).as("from storage").isEqualTo(1);
    assertThat(log.term(4)).as("from the unstable tail").isEqualTo(2);
    assertThat(log.term(5)).isEqualTo(2);
    assertThatThrownBy(() -> log.term(6)).isInstanceOf(RaftStorageException.Unavailable.class);
    assertThat(indexes(log.slice(2, 6, Long.MAX_VALUE))).containsExactly(2L, 3L, 4L, 5L);
    long one = log.slice(2, 3, Long.MAX_VALUE).get(0).getSerializedSize();
    assertThat(indexes(log.slice(2, 6, 3 * one))).as("size limit across the boundary").containsExactly(2L, 3L, 4L);
    assertThat(indexes(log.slice(2, 6, 0))).containsExactly(2L);
  }

  @Test
  void truncatingIntoTheStablePartShadowsTheStaleStableEntries() {
    RaftLog log = splitLog();
    assertThat(log.persisted).isEqualTo(3);
    log.append(List.of(entry(3, 3)));
    assertThat(log.lastIndex()).isEqualTo(3);
    assertThat(log.term(3)).as("the unstable entry wins over the stale stored one").isEqualTo(3);
    assertThat(log.storage().term(3)).isEqualTo(1);
    assertThat(log.persisted).as("entry 3 is no longer durable").isEqualTo(2);
    assertThatThrownBy(() -> log.term(4)).isInstanceOf(RaftStorageException.Unavailable.class);
    assertThat(log.unstable.nextEntries()).extracting(Entry::getIndex).containsExactly(3L);
  }

  @Test
  void truncatingInsideTheUnstableTailKeepsItsPrefix() {
    RaftLog log = splitLog();
    log.unstable.acceptInProgress(); // 4..5 handed out to be written
    log.append(List.of(entry(5, 3), entry(6, 3)));
    assertThat(log.lastIndex()).isEqualTo(6);
    assertThat(log.term(4)).isEqualTo(2);
    assertThat(log.term(5)).isEqualTo(3);
    assertThat(log.unstable.nextEntries()).as("the replaced part must be written again")
        .extracting(Entry::getIndex).containsExactly(5L, 6L);
  }

  @Test
  void stableToIgnoresAWriteOfAnEntryThatWasSinceReplaced() {
    RaftLog log = splitLog();
    log.unstable.acceptInProgress();
    log.append(List.of(entry(5, 3)));
    assertThat(log.stableTo(5, 2)).as("the written entry 5 was of term 2").isFalse();
    assertThat(log.persisted).isEqualTo(3);
    assertThat(log.stableTo(4, 2)).isTrue();
    assertThat(log.persisted).isEqualTo(4);
    assertThat(log.unstable.offset()).isEqualTo(5);
    assertThat(log.stableTo(5, 3)).isTrue();
    assertThat(log.persisted).isEqualTo(5);
  }

  /** Log terms: [1, 1, 2, 2, 3, 3] at indexes 1..6. */
  private static RaftLog termsLog() {
    MemoryStorage s = new MemoryStorage();
    s.append(entries(1, 1, 1, 2, 2, 3, 3));
    return new RaftLog(s, Long.MAX_VALUE);
  }

  @Test
  void findConflictByTermFindsTheLastIndexWithATermAtMostTheGivenOne() {
    RaftLog log = termsLog();
    assertThat(log.findConflictByTerm(6, 3)).isEqualTo(6);
    assertThat(log.findConflictByTerm(6, 4)).isEqualTo(6);
    assertThat(log.findConflictByTerm(6, 2)).isEqualTo(4);
    assertThat(log.findConflictByTerm(5, 2)).isEqualTo(4);
    assertThat(log.findConflictByTerm(6, 1)).isEqualTo(2);
    assertThat(log.findConflictByTerm(6, 0)).isEqualTo(0);
    assertThat(log.findConflictByTerm(3, 5)).isEqualTo(3);
    assertThat(log.findConflictByTerm(10, 5)).as("beyond the log: unknown, so itself").isEqualTo(10);
  }

  @Test
  void findConflictReturnsTheFirstDifferingOrNewEntry() {
    RaftLog log = termsLog();
    assertThat(log.findConflict(List.of())).isZero();
    assertThat(log.findConflict(entries(1, 1, 1, 2))).isZero();
    assertThat(log.findConflict(entries(5, 3, 3))).isZero();
    assertThat(log.findConflict(entries(5, 3, 3, 4, 4))).as("new entries").isEqualTo(7);
    assertThat(log.findConflict(entries(3, 2, 5, 5))).as("term differs at 4").isEqualTo(4);
    assertThat(log.findConflict(entries(1, 4))).isEqualTo(1);
  }

  @Test
  void isUpToDateComparesLastTermThenLastIndex() {
    RaftLog log = termsLog(); // last (6, 3)
    assertThat(log.isUpToDate(6, 3)).isTrue();
    assertThat(log.isUpToDate(7, 3)).isTrue();
    assertThat(log.isUpToDate(5, 3)).isFalse();
    assertThat(log.isUpToDate(1, 4)).isTrue();
    assertThat(log.isUpToDate(100, 2)).isFalse();
  }

  @Test
  void maybeAppendChecksThePreviousEntryAndNeverOverwritesCommitted() {
    RaftLog log = termsLog();
    assertThat(log.maybeAppend(6, 2, 6, entries(7, 4))).as("previous term mismatch").isEqualTo(-1);
    assertThat(log.maybeAppend(8, 3, 6, entries(9, 4))).as("previous entry missing").isEqualTo(-1);
    assertThat(log.maybeAppend(4, 2, 5, List.of())).isEqualTo(4);
    assertThat(log.committed).as("commit = min(leader commit, last new)").isEqualTo(4);
    assertThat(log.maybeAppend(6, 3, 7, entries(7, 4))).isEqualTo(7);
    assertThat(log.committed).isEqualTo(7);
    assertThat(log.lastIndex()).isEqualTo(7);
    assertThatThrownBy(() -> log.maybeAppend(5, 3, 7, entries(6, 5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
  }

  @Test
  void maybeCommitNeedsAnEntryOfTheGivenTerm() {
    RaftLog log = termsLog();
    assertThat(log.maybeCommit(4, 3)).as("entry 4 is of term 2").isFalse();
    assertThat(log.committed).isZero();
    assertThat(log.maybeCommit(6, 3)).isTrue();
    assertThat(log.committed).isEqualTo(6);
    assertThat(log.maybeCommit(5, 3)).as("never backwards").isFalse();
  }
}
