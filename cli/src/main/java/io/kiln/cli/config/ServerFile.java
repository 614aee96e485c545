package io.kiln.cli.config;

import java.util.List;

/**
 * {@code kiln server --config FILE}: TiKV's section and key names where the setting is the same.
 * Every value may be left out (it is then {@code null} here and the default applies). See
 * config/kiln-server.example.toml.
 */
public record ServerFile(Server server, Raftstore raftstore, Storage storage, Pd pd) {

  public static final ServerFile EMPTY = new ServerFile(null, null, null, null);

  /** {@code [server]}. */
  public record Server(String addr, String statusAddr, ReadableSize grpcMaxRecvMsgLen) {}

  /** {@code [raftstore]}: durations are converted to the raftstore's base ticks. */
  public record Raftstore(
      ReadableDuration raftBaseTickInterval,
      Integer raftHeartbeatTicks,
      Integer raftElectionTimeoutTicks,
      ReadableSize raftMaxSizePerMsg,
      Integer raftMaxInflightMsgs,
      ReadableSize raftEntryMaxSize,
      ReadableDuration raftLogGcTickInterval,
      Long raftLogGcThreshold,
      Long raftLogGcCountLimit,
      ReadableSize raftLogGcSizeLimit,
      ReadableDuration raftStoreMaxLeaderLease,
      Integer storePoolSize,
      Integer applyPoolSize,
      Integer messagesPerTick,
      ReadableDuration pdHeartbeatTickInterval) {}

  /** {@code [storage]} (the data folder and the transaction scheduler) and {@code [storage.block-cache]}. */
  public record Storage(String dataDir, Integer schedulerConcurrency, Integer schedulerWorkerPoolSize,
      ReadableSize schedulerPendingWriteThreshold, BlockCache blockCache) {}

  public record BlockCache(ReadableSize capacity) {}

  /** {@code [pd]}. */
  public record Pd(List<String> endpoints) {}
}
