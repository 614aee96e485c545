package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static io.kiln.engine.rocks.EngineKind.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.EngineException;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.engine.RaftLogBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link KvRaftEngine} over both kv engines: logs, raft state, GC, destroy, batches. */
class RaftEngineContractTest {

  @TempDir Path dir;
  private RaftEngine raft;

  @AfterEach
  void close() {
    if (raft != null) {
      raft.close();
    }
  }

  private RaftEngine open(EngineKind kind) {
    raft = kind.openRaft(dir);
    return raft;
  }

  /** Entry {@code i} of region {@code r}: "r<r>e<i>" padded to {@code size} bytes. */
  private static byte[] entry(long r, long i, int size) {
    byte[] e = new byte[size];
    byte[] text = b("r" + r + "e" + i);
    System.arraycopy(text, 0, e, 0, Math.min(text.length, size));
    return e;
  }

  private void append(long region, long from, long to, int size) {
    try (RaftLogBatch batch = raft.newBatch()) {
      for (long i = from; i < to; i++) {
        batch.append(region, i, entry(region, i, size));
      }
      raft.consume(batch, true);
      assertThat(batch.isEmpty()).isTrue();
    }
  }

  private List<byte[]> fetch(long region, long low, long high, long maxSize) {
    List<byte[]> out = new ArrayList<>();
    int n = raft.fetchEntries(region, low, high, maxSize, out);
    assertThat(n).isEqualTo(out.size());
    return out;
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void appendedEntriesComeBackInOrder(EngineKind kind) {
    open(kind);
    append(1, 5, 15, 10);
    append(2, 1, 3, 10);
    assertThat(fetch(1, 5, 15, Long.MAX_VALUE)).hasSize(10)
        .first().isEqualTo(entry(1, 5, 10));
    assertThat(fetch(1, 7, 9, Long.MAX_VALUE)).containsExactly(entry(1, 7, 10), entry(1, 8, 10));
    assertThat(raft.entry(1, 14)).isEqualTo(entry(1, 14, 10));
    assertThat(raft.entry(1, 15)).isNull();
    assertThat(raft.entry(2, 5)).isNull();
    assertThat(fetch(2, 1, 100, Long.MAX_VALUE)).hasSize(2); // stops at the end of the log
    assertThat(fetch(1, 9, 9, Long.MAX_VALUE)).isEmpty();
    assertThat(fetch(3, 1, 10, Long.MAX_VALUE)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void theSizeBudgetStopsFetchingButNeverBeforeOneEntry(EngineKind kind) {
    open(kind);
    append(1, 1, 11, 100);
    assertThat(fetch(1, 1, 11, 0)).hasSize(1);
    assertThat(fetch(1, 1, 11, 99)).hasSize(1);
    assertThat(fetch(1, 1, 11, 100)).hasSize(1);
    assertThat(fetch(1, 1, 11, 299)).hasSize(2);
    assertThat(fetch(1, 1, 11, 300)).hasSize(3);
    assertThat(fetch(1, 4, 11, 1_000)).hasSize(7);
    List<byte[]> out = new ArrayList<>(List.of(b("already here")));
    assertThat(raft.fetchEntries(1, 1, 3, Long.MAX_VALUE, out)).isEqualTo(2);
    assertThat(out).hasSize(3); // appends to what the caller had
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void fetchingStopsAtTheFirstGap(EngineKind kind) {
    open(kind);
    append(1, 1, 5, 10);
    append(1, 6, 9, 10);
    assertThat(fetch(1, 1, 9, Long.MAX_VALUE)).hasSize(4);
    assertThat(fetch(1, 5, 9, Long.MAX_VALUE)).isEmpty();
    assertThat(fetch(1, 6, 9, Long.MAX_VALUE)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void cutLogsRemovesAConflictingTail(EngineKind kind) {
    open(kind);
    append(1, 1, 11, 10);
    try (RaftLogBatch batch = raft.newBatch()) {
      batch.cutLogs(1, 6, 11);
      batch.append(1, 6, b("new 6"));
      batch.cutLogs(1, 9, 9); // empty
      raft.consume(batch, true);
    }
    List<byte[]> log = fetch(1, 1, 100, Long.MAX_VALUE);
    assertThat(log).hasSize(6);
    assertThat(s(log.get(5))).isEqualTo("new 6");
    assertThat(raft.entry(1, 7)).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void raftStateIsPerRegionAndOverwritten(EngineKind kind) {
    open(kind);
    assertThat(raft.raftState(1)).isNull();
    try (RaftLogBatch batch = raft.newBatch()) {
      batch.putRaftState(1, b("state 1"));
      batch.putRaftState(2, b("state 2"));
      batch.putRaftState(1, b("state 1 again"));
      batch.append(1, 1, entry(1, 1, 8));
      assertThat(batch.dataSize()).isPositive();
      raft.consume(batch, false);
      assertThat(batch.dataSize()).isZero();
    }
    assertThat(s(raft.raftState(1))).isEqualTo("state 1 again");
    assertThat(s(raft.raftState(2))).isEqualTo("state 2");
    assertThat(raft.raftState(3)).isNull();
    assertThat(fetch(1, 1, 2, Long.MAX_VALUE)).hasSize(1); // the state key is not a log key
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void gcDeletesTheHeadOfTheLogAndCountsIt(EngineKind kind) {
    open(kind);
    append(1, 10, 30, 10);
    append(2, 1, 30, 10);
    assertThat(raft.gc(1, 0, 15)).isEqualTo(5);
    assertThat(raft.entry(1, 14)).isNull();
    assertThat(raft.entry(1, 15)).isNotNull();
    assertThat(raft.gc(1, 0, 15)).isZero();
    assertThat(raft.gc(1, 20, 20)).isZero();
    assertThat(raft.gc(1, 15, 100)).isEqualTo(15);
    assertThat(fetch(1, 0, 100, Long.MAX_VALUE)).isEmpty();
    assertThat(fetch(2, 1, 30, Long.MAX_VALUE)).hasSize(29);
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void cleanDestroysOneRegionInTheCallersBatch(EngineKind kind) {
    open(kind);
    append(7, 1, 20, 10);
    append(8, 1, 20, 10);
    try (RaftLogBatch batch = raft.newBatch()) {
      batch.putRaftState(7, b("s7"));
      batch.putRaftState(8, b("s8"));
      raft.consume(batch, true);
      raft.clean(7, batch);
      assertThat(batch.isEmpty()).isFalse();
      assertThat(raft.raftState(7)).isNotNull(); // nothing happens before consume
      raft.consume(batch, true);
    }
    assertThat(raft.raftState(7)).isNull();
    assertThat(fetch(7, 1, 20, Long.MAX_VALUE)).isEmpty();
    assertThat(raft.entry(7, 19)).isNull();
    assertThat(s(raft.raftState(8))).isEqualTo("s8");
    assertThat(fetch(8, 1, 20, Long.MAX_VALUE)).hasSize(19);
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aBatchSpansRegionsAndIsAtomic(EngineKind kind) {
    open(kind);
    try (RaftLogBatch batch = raft.newBatch()) {
      for (long r = 1; r <= 50; r++) {
        batch.append(r, 1, entry(r, 1, 16));
        batch.putRaftState(r, b("s" + r));
      }
      assertThat(raft.entry(50, 1)).isNull();
      batch.clear();
      assertThat(batch.isEmpty()).isTrue();
      batch.append(1, 1, entry(1, 1, 16));
      raft.consume(batch, true);
    }
    assertThat(raft.entry(1, 1)).isNotNull();
    assertThat(raft.entry(2, 1)).isNull();
    raft.sync();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aBatchOfAnotherRaftEngineIsRefused(EngineKind kind) {
    open(kind);
    try (RaftEngine other = EngineKind.MEMORY.openRaft(dir); RaftLogBatch foreign = other.newBatch()) {
      foreign.append(1, 1, b("x"));
      assertThatThrownBy(() -> raft.consume(foreign, true)).isInstanceOf(EngineException.class);
      assertThatThrownBy(() -> raft.clean(1, foreign)).isInstanceOf(EngineException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aClosedRaftEngineRefusesReads(EngineKind kind) {
    open(kind);
    append(1, 1, 3, 10);
    raft.close();
    assertThatThrownBy(() -> raft.entry(1, 1)).isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> fetch(1, 1, 3, 100)).isInstanceOf(EngineException.class);
    raft = null;
  }
}
