package io.kiln.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.raftstore.RaftStoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** kiln server's TOML file: every key, the tick conversions, strictness and flag precedence. */
class ServerConfigFileTest {

  private static final ServerSettings.Flags NO_FLAGS = new ServerSettings.Flags(null, null, null, null, null);

  private static final String EVERY_KEY = """
      [server]
      addr = "0.0.0.0:30160"
      status-addr = "0.0.0.0:30180"
      grpc-max-recv-msg-len = 1048576

      [raftstore]
      raft-base-tick-interval = "100ms"
      raft-heartbeat-ticks = 3
      raft-election-timeout-ticks = 20
      raft-max-size-per-msg = "2MiB"
      raft-max-inflight-msgs = 64
      raft-entry-max-size = "4MB"
      raft-log-gc-tick-interval = "250ms"
      raft-log-gc-threshold = 70
      raft-log-gc-count-limit = 9000
      raft-log-gc-size-limit = "1GiB"
      raft-store-max-leader-lease = "1500ms"
      store-pool-size = 3
      apply-pool-size = 4
      messages-per-tick = 100
      pd-heartbeat-tick-interval = "1m"

      [storage]
      data-dir = "/var/kiln"
      scheduler-concurrency = 1024
      scheduler-worker-pool-size = 3
      scheduler-pending-write-threshold = "10MiB"

      [storage.block-cache]
      capacity = "1.5GiB"

      [pd]
      endpoints = ["http://10.0.0.1:2379", "10.0.0.2:2379"]
      """;

  private static ServerSettings settings(String toml, ServerSettings.Flags flags) {
    return ServerSettings.resolve(ConfigFiles.parse(toml, "test.toml", ServerFile.class), flags);
  }

  @Test
  void everyKeyIsRead() {
    ServerSettings s = settings(EVERY_KEY, NO_FLAGS);
    assertThat(s.addr()).isEqualTo(new HostPort("0.0.0.0", 30160));
    assertThat(s.statusAddr()).isEqualTo(new HostPort("0.0.0.0", 30180));
    assertThat(s.grpcMaxRecvMsgLen()).isEqualTo(1 << 20);
    assertThat(s.dataDir()).isEqualTo(Path.of("/var/kiln"));
    assertThat(s.blockCacheCapacity()).isEqualTo(3L << 29);
    assertThat(s.pd()).isEqualTo("10.0.0.1:2379");
    assertThat(s.storage().schedulerConcurrency()).isEqualTo(1024);
    assertThat(s.storage().schedulerWorkerPoolSize()).isEqualTo(3);
    assertThat(s.storage().schedulerPendingWriteThreshold()).isEqualTo(10L << 20);
    RaftStoreConfig r = s.raft();
    assertThat(r.raftBaseTickIntervalMs()).isEqualTo(100);
    assertThat(r.raftHeartbeatTicks()).isEqualTo(3);
    assertThat(r.raftElectionTimeoutTicks()).isEqualTo(20);
    assertThat(r.raftMaxSizePerMsg()).isEqualTo(2L << 20);
    assertThat(r.raftMaxInflightMsgs()).isEqualTo(64);
    assertThat(r.raftEntryMaxSize()).isEqualTo(4L << 20);
    assertThat(r.raftLogGcTickTicks()).as("250ms / 100ms, rounded up").isEqualTo(3);
    assertThat(r.raftLogGcThreshold()).isEqualTo(70);
    assertThat(r.raftLogGcCountLimit()).isEqualTo(9000);
    assertThat(r.raftLogGcSizeLimit()).isEqualTo(1L << 30);
    assertThat(r.maxLeaderLeaseMs()).isEqualTo(1500);
    assertThat(r.storePoolSize()).isEqualTo(3);
    assertThat(r.applyPoolSize()).isEqualTo(4);
    assertThat(r.messagesPerTick()).isEqualTo(100);
    assertThat(r.pdHeartbeatTicks()).as("60s / 100ms").isEqualTo(600);
  }

  @Test
  void flagsOverrideTheFile() {
    ServerSettings s = settings(EVERY_KEY,
        new ServerSettings.Flags("127.0.0.1:2399", Path.of("/tmp/d"), "127.0.0.1:1", "127.0.0.1:0", 80L));
    assertThat(s.pd()).isEqualTo("127.0.0.1:2399");
    assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/d"));
    assertThat(s.addr()).isEqualTo(new HostPort("127.0.0.1", 1));
    assertThat(s.statusAddr()).isEqualTo(new HostPort("127.0.0.1", 0));
    assertThat(s.raft().raftBaseTickIntervalMs()).isEqualTo(80);
    assertThat(s.raft().raftLogGcTickTicks()).as("250ms / 80ms, rounded up").isEqualTo(4);
  }

  @Test
  void defaultsWithoutAFile() {
    ServerSettings s = ServerSettings.resolve(ServerFile.EMPTY,
        new ServerSettings.Flags("127.0.0.1:2379", Path.of("d"), null, null, 100L));
    assertThat(s.addr().toString()).isEqualTo("127.0.0.1:20160");
    assertThat(s.statusAddr().toString()).isEqualTo("127.0.0.1:20180");
    assertThat(s.blockCacheCapacity()).isEqualTo(-1);
    assertThat(s.raft().maxLeaderLeaseMs()).as("one tick below the election").isEqualTo(900);
    assertThat(s.raft().raftLogGcTickTicks()).as("3s").isEqualTo(30);
    assertThat(s.raft().pdHeartbeatTicks()).as("10s").isEqualTo(100);
    assertThat(s.storage().schedulerConcurrency()).as("TiKV's default").isEqualTo(524_288);
    assertThat(s.storage().schedulerPendingWriteThreshold()).isEqualTo(100L << 20);
  }

  @Test
  void aBadSchedulerSettingNamesItsSection() {
    assertThatThrownBy(() -> settings("[storage]\ndata-dir = \"d\"\nscheduler-worker-pool-size = 0\n",
        new ServerSettings.Flags("127.0.0.1:2379", null, null, null, null)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("[storage]: ");
  }

  @Test
  void aTickConversionIsAtLeastOneTick() {
    assertThat(ServerSettings.ticks(ReadableDuration.parse("10ms"), 0, 1000)).isEqualTo(1);
    assertThat(ServerSettings.ticks(ReadableDuration.parse("1001ms"), 0, 1000)).isEqualTo(2);
  }

  @Test
  void unknownKeysAreErrorsNamingTheKeyAndTheFile() {
    assertThatThrownBy(() -> settings("[raftstore]\nraft-log-gc-treshold = 5\n", NO_FLAGS))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file test.toml: unknown key 'raftstore.raft-log-gc-treshold'");
    assertThatThrownBy(() -> settings("[rocksdb]\nmax-open-files = 5\n", NO_FLAGS))
        .hasMessage("config file test.toml: unknown key 'rocksdb'");
  }

  @Test
  void typeMismatchesAndBadValuesAreErrorsNamingTheKey() {
    assertThatThrownBy(() -> settings("[raftstore]\nraft-heartbeat-ticks = \"2\"\n", NO_FLAGS))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config file test.toml: key 'raftstore.raft-heartbeat-ticks': ");
    assertThatThrownBy(() -> settings("[raftstore]\nraft-base-tick-interval = \"1 sec\"\n", NO_FLAGS))
        .hasMessageStartingWith("config file test.toml: key 'raftstore.raft-base-tick-interval': bad duration '1 sec'");
    assertThatThrownBy(() -> settings("[raftstore]\nraft-base-tick-interval = 1000\n", NO_FLAGS))
        .hasMessageContaining("raftstore.raft-base-tick-interval").hasMessageContaining("duration string");
    assertThatThrownBy(() -> settings("[storage.block-cache]\ncapacity = \"8XB\"\n", NO_FLAGS))
        .hasMessageStartingWith("config file test.toml: key 'storage.block-cache.capacity': bad size '8XB'");
    assertThatThrownBy(() -> settings("[server\naddr = 1\n", NO_FLAGS))
        .hasMessageStartingWith("config file test.toml is not valid TOML");
  }

  @Test
  void inconsistentRaftSettingsNameTheirKeys() {
    assertThatThrownBy(() -> settings("[raftstore]\nraft-store-max-leader-lease = \"20s\"\n",
        new ServerSettings.Flags("a:1", Path.of("d"), null, null, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("raft-store-max-leader-lease");
  }

  @Test
  void theExampleFileParses() {
    ServerSettings s = ServerSettings.resolve(
        ConfigFiles.read(Path.of("..", "config", "kiln-server.example.toml"), ServerFile.class), NO_FLAGS);
    RaftStoreConfig defaults = RaftStoreConfig.defaults();
    assertThat(s.raft().toBuilder().pdHeartbeatTicks(defaults.pdHeartbeatTicks()).build())
        .as("the example shows the defaults").isEqualTo(defaults);
    assertThat(s.pd()).isEqualTo("127.0.0.1:2379");
    assertThat(s.blockCacheCapacity()).isEqualTo(256L << 20);
  }
}
