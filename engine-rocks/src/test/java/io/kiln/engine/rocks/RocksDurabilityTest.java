package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static io.kiln.engine.rocks.EngineKind.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.RaftEngine;
import io.kiln.engine.RaftLogBatch;
import io.kiln.engine.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What RocksDB keeps across close and reopen, and how a store's two engines are laid out. */
class RocksDurabilityTest {

  @TempDir Path dir;

  @Test
  void syncedWritesSurviveCloseAndReopen() {
    Path path = dir.resolve("kv");
    try (KvEngine engine = RocksKvEngine.open(path, Cf.ALL, RocksEngineOptions.small())) {
      try (WriteBatch b = engine.newWriteBatch()) {
        for (String cf : Cf.ALL) {
          b.put(cf, b("k"), b("v-" + cf));
        }
        b.put(Cf.DEFAULT, b("gone"), b("x"));
        engine.write(b, true);
        b.clear();
        b.delete(Cf.DEFAULT, b("gone"));
        b.deleteRange(Cf.LOCK, b("a"), b("z"));
        engine.write(b, true);
      }
      try (WriteBatch b = engine.newWriteBatch()) {
        b.put(Cf.WRITE, b("unsynced"), b("u"));
        engine.write(b, false);
      }
    }
    try (KvEngine engine = RocksKvEngine.open(path, Cf.ALL, RocksEngineOptions.small())) {
      assertThat(s(engine.get(Cf.DEFAULT, b("k")))).isEqualTo("v-default");
      assertThat(s(engine.get(Cf.RAFT, b("k")))).isEqualTo("v-raft");
      assertThat(engine.get(Cf.LOCK, b("k"))).isNull();
      assertThat(engine.get(Cf.DEFAULT, b("gone"))).isNull();
      // a clean close syncs the WAL, so even an unsynced write is there
      assertThat(s(engine.get(Cf.WRITE, b("unsynced")))).isEqualTo("u");
      assertThat(engine.path()).isEqualTo(path);
    }
  }

  @Test
  void theRaftEngineFindsItsLogAfterReopen() {
    Path path = dir.resolve("raft");
    try (RaftEngine raft = new KvRaftEngine(
        RocksKvEngine.open(path, List.of(Cf.DEFAULT), RocksEngineOptions.small()))) {
      try (RaftLogBatch batch = raft.newBatch()) {
        for (long i = 1; i <= 100; i++) {
          batch.append(1, i, b("entry " + i));
        }
        batch.putRaftState(1, b("hard state"));
        raft.consume(batch, true);
      }
      assertThat(raft.gc(1, 0, 11)).isEqualTo(10);
    }
    try (RaftEngine raft = new KvRaftEngine(
        RocksKvEngine.open(path, List.of(Cf.DEFAULT), RocksEngineOptions.small()))) {
      assertThat(s(raft.raftState(1))).isEqualTo("hard state");
      List<byte[]> out = new ArrayList<>();
      assertThat(raft.fetchEntries(1, 11, 101, Long.MAX_VALUE, out)).isEqualTo(90);
      assertThat(s(out.get(89))).isEqualTo("entry 100");
      assertThat(raft.entry(1, 10)).isNull();
    }
  }

  @Test
  void aDatabaseMustBeOpenedWithAllItsColumnFamilies() {
    Path path = dir.resolve("kv");
    RocksKvEngine.open(path, Cf.ALL, RocksEngineOptions.small()).close();
    assertThatThrownBy(() -> RocksKvEngine.open(path, List.of(Cf.DEFAULT), RocksEngineOptions.small()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("open failed on RocksDB at " + path);
    // and more column families than it has are created
    try (RocksKvEngine engine =
        RocksKvEngine.open(path, List.of(Cf.DEFAULT, Cf.LOCK, Cf.WRITE, Cf.RAFT, "extra"),
            RocksEngineOptions.small())) {
      assertThat(engine.cfs()).contains("extra");
    }
  }

  @Test
  void storeEnginesLiveInDbAndRaftAndShareOneCache() throws Exception {
    try (RocksEngines engines = RocksEngines.open(dir, RocksEngineOptions.small())) {
      assertThat(engines.kv().path()).isEqualTo(dir.resolve("db"));
      try (WriteBatch b = engines.kv().newWriteBatch()) {
        for (String cf : Cf.ALL) {
          b.put(cf, b("k"), b("v"));
        }
        engines.kv().write(b, true);
      }
      try (RaftLogBatch batch = engines.raft().newBatch()) {
        batch.append(1, 1, b("e1"));
        engines.raft().consume(batch, true);
      }
      assertThat(engines.blockCache().capacity())
          .isEqualTo(RocksEngineOptions.small().blockCacheSize());
      assertThat(((KvRaftEngine) engines.raft()).engine().path()).isEqualTo(dir.resolve("raft"));
    }
    assertThat(Files.isDirectory(dir.resolve("db"))).isTrue();
    assertThat(Files.isDirectory(dir.resolve("raft"))).isTrue();
    try (RocksEngines engines = RocksEngines.open(dir, RocksEngineOptions.small())) {
      assertThat(s(engines.kv().get(Cf.RAFT, b("k")))).isEqualTo("v");
      assertThat(s(engines.raft().entry(1, 1))).isEqualTo("e1");
      // the raft database has column family default only
      assertThatThrownBy(() -> ((KvRaftEngine) engines.raft()).engine().get(Cf.WRITE, b("k")))
          .isInstanceOf(EngineException.class);
    }
  }

  @Test
  void openingAStoreTwiceFailsCleanly() {
    try (RocksEngines engines = RocksEngines.open(dir, RocksEngineOptions.small())) {
      assertThatThrownBy(() -> RocksEngines.open(dir, RocksEngineOptions.small()))
          .isInstanceOf(EngineException.class).hasMessageContaining(dir.resolve("db").toString());
      assertThat(engines.kv().get(Cf.DEFAULT, b("k"))).isNull(); // the first one still works
    }
  }

  @Test
  void closingTheEngineReleasesOpenSnapshotsAndIterators() {
    RocksKvEngine engine = RocksKvEngine.open(dir.resolve("kv"), Cf.ALL, RocksEngineOptions.small());
    for (int i = 0; i < 10; i++) {
      KvSnapshot snap = engine.snapshot();
      snap.iterator(Cf.WRITE, b("a"), b("z"));
      engine.iterator(Cf.LOCK, null, null);
    }
    assertThat(engine.guard().openDependents()).isEqualTo(30);
    engine.close(); // RocksDB refuses to close with snapshots held: this must not throw
    assertThat(engine.guard().openDependents()).isZero();
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsAnEngineError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> RocksKvEngine.open(file, Cf.ALL, RocksEngineOptions.small()))
        .isInstanceOf(EngineException.class).hasMessageContaining(file.toString());
    assertThatThrownBy(() -> RocksEngines.open(file, RocksEngineOptions.small()))
        .isInstanceOf(EngineException.class);
  }
}
