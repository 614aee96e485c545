package io.kiln.cli.config;

import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.storage.StorageConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code kiln server} runs with: command-line flags over the config file over the defaults.
 * The raftstore counts base ticks where TiKV's file gives durations: {@code
 * raft-log-gc-tick-interval} and {@code pd-heartbeat-tick-interval} are divided by {@code
 * raft-base-tick-interval}, rounded up, at least 1.
 *
 * @param blockCacheCapacity bytes of the block cache, or -1 for the engines' default
 * @param storage the transaction layer's scheduler settings ({@code [storage] scheduler-*})
 */
public record ServerSettings(
    HostPort addr,
    HostPort statusAddr,
    String pd,
    Path dataDir,
    RaftStoreConfig raft,
    int grpcMaxRecvMsgLen,
    long blockCacheCapacity,
    StorageConfig storage) {

  public static final String DEFAULT_ADDR = "127.0.0.1:20160";
  public static final String DEFAULT_STATUS_ADDR = "127.0.0.1:20180";
  /** TiKV reports every 60 s; Kiln every 10 s so PD learns of new leaders quickly. */
  public static final long DEFAULT_PD_HEARTBEAT_MS = 10_000;
  public static final long DEFAULT_LOG_GC_TICK_MS = 3_000;
  public static final int DEFAULT_GRPC_MAX_RECV_MSG_LEN = 64 << 20;

  /** The flags a user gave ({@code null}: not given). */
  public record Flags(String pd, Path dataDir, String addr, String statusAddr, Long raftBaseTickMs) {}

  public static ServerSettings resolve(ServerFile file, Flags flags) {
    ServerFile.Server server = or(file.server(), new ServerFile.Server(null, null, null));
    ServerFile.Storage storage = or(file.storage(), new ServerFile.Storage(null, null, null, null, null));
    ServerFile.Raftstore rs = or(file.raftstore(), new ServerFile.Raftstore(null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null));

    String pd = flags.pd();
    if (pd == null && file.pd() != null && file.pd().endpoints() != null && !file.pd().endpoints().isEmpty()) {
      List<String> endpoints = file.pd().endpoints();
      pd = endpoints.get(0);
    }
    if (pd == null) {
      throw new ConfigException("no PD address: pass --pd host:port or set [pd] endpoints in the config file");
    }
    pd = HostPort.parse("pd", pd).toString();

    Path dataDir = flags.dataDir() != null ? flags.dataDir()
        : storage.dataDir() != null ? Path.of(storage.dataDir()) : null;
    if (dataDir == null) {
      throw new ConfigException("no data directory: pass --data-dir or set [storage] data-dir in the config file");
    }
    HostPort addr = HostPort.parse("addr", first(flags.addr(), server.addr(), DEFAULT_ADDR));
    HostPort status = HostPort.parse("status-addr", first(flags.statusAddr(), server.statusAddr(), DEFAULT_STATUS_ADDR));
    int maxRecv;
    try {
      maxRecv = server.grpcMaxRecvMsgLen() == null ? DEFAULT_GRPC_MAX_RECV_MSG_LEN
          : server.grpcMaxRecvMsgLen().toIntBytes("grpc-max-recv-msg-len");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    long cache = storage.blockCache() == null || storage.blockCache().capacity() == null ? -1
        : storage.blockCache().capacity().bytes();
    return new ServerSettings(addr, status, pd, dataDir, raftConfig(rs, flags.raftBaseTickMs()), maxRecv, cache,
        storageConfig(storage));
  }

  static StorageConfig storageConfig(ServerFile.Storage s) {
    StorageConfig d = StorageConfig.defaults();
    try {
      return new StorageConfig(
          s.schedulerConcurrency() != null ? s.schedulerConcurrency() : d.schedulerConcurrency(),
          s.schedulerWorkerPoolSize() != null ? s.schedulerWorkerPoolSize() : d.schedulerWorkerPoolSize(),
          s.schedulerPendingWriteThreshold() != null ? s.schedulerPendingWriteThreshold().bytes()
              : d.schedulerPendingWriteThreshold(),
          d.readPoolSize());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[storage]: " + e.getMessage(), e);
    }
  }

  static RaftStoreConfig raftConfig(ServerFile.Raftstore rs, Long tickFlagMs) {
    RaftStoreConfig.Builder b = RaftStoreConfig.builder();
    RaftStoreConfig defaults = RaftStoreConfig.defaults();
    long tick = tickFlagMs != null ? tickFlagMs
        : rs.raftBaseTickInterval() != null ? rs.raftBaseTickInterval().toMillis() : defaults.raftBaseTickIntervalMs();
    if (tick <= 0) {
      throw new ConfigException("raft-base-tick-interval must be positive, got " + tick + " ms");
    }
    int election = rs.raftElectionTimeoutTicks() != null ? rs.raftElectionTimeoutTicks()
        : defaults.raftElectionTimeoutTicks();
    b.raftBaseTickIntervalMs(tick).raftElectionTimeoutTicks(election);
    if (rs.raftHeartbeatTicks() != null) {
      b.raftHeartbeatTicks(rs.raftHeartbeatTicks());
    }
    if (rs.raftMaxSizePerMsg() != null) {
      b.raftMaxSizePerMsg(rs.raftMaxSizePerMsg().bytes());
    }
    if (rs.raftMaxInflightMsgs() != null) {
      b.raftMaxInflightMsgs(rs.raftMaxInflightMsgs());
    }
    if (rs.raftEntryMaxSize() != null) {
      b.raftEntryMaxSize(rs.raftEntryMaxSize().bytes());
    }
    b.raftLogGcTickTicks(ticks(rs.raftLogGcTickInterval(), DEFAULT_LOG_GC_TICK_MS, tick));
    if (rs.raftLogGcThreshold() != null) {
      b.raftLogGcThreshold(rs.raftLogGcThreshold());
    }
    if (rs.raftLogGcCountLimit() != null) {
      b.raftLogGcCountLimit(rs.raftLogGcCountLimit());
    }
    if (rs.raftLogGcSizeLimit() != null) {
      b.raftLogGcSizeLimit(rs.raftLogGcSizeLimit().bytes());
    }
    // TiKV's lease is 9 s under a 10 s election: by default one tick below the election timeout
    b.maxLeaderLeaseMs(rs.raftStoreMaxLeaderLease() != null ? rs.raftStoreMaxLeaderLease().toMillis()
        : (election - 1) * tick);
    if (rs.storePoolSize() != null) {
      b.storePoolSize(rs.storePoolSize());
    }
    if (rs.applyPoolSize() != null) {
      b.applyPoolSize(rs.applyPoolSize());
    }
    if (rs.messagesPerTick() != null) {
      b.messagesPerTick(rs.messagesPerTick());
    }
    b.pdHeartbeatTicks(ticks(rs.pdHeartbeatTickInterval(), DEFAULT_PD_HEARTBEAT_MS, tick));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[raftstore]: " + e.getMessage(), e);
    }
  }

  /** A duration in base ticks: rounded up, at least 1. */
  static int ticks(ReadableDuration d, long defaultMs, long tickMs) {
    long ms = d != null ? d.toMillis() : defaultMs;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (ms + tickMs - 1) / tickMs));
  }

  private static <T> T or(T v, T fallback) {
    return v != null ? v : fallback;
  }

  private static String first(String a, String b, String c) {
    return a != null ? a : b != null ? b : c;
  }
}
