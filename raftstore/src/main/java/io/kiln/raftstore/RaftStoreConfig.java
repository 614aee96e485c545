package io.kiln.raftstore;

import java.time.Duration;

/**
 * The raftstore's settings, named after TiKV's {@code [raftstore]} section where the setting is
 * the same. Times are in milliseconds; raft timeouts and the log GC period count base ticks.
 * Build one with {@link #builder()} (TiKV's defaults) or start from {@link #forTests()}.
 *
 * @param storePoolSize threads polling PeerFsms (TiKV {@code store-pool-size})
 * @param applyPoolSize threads polling ApplyFsms (TiKV {@code apply-pool-size})
 * @param messagesPerTick messages a poller takes from one FSM's mailbox per round
 * @param maxBatchSize FSMs a poller handles in one round (one raft write batch, one fsync)
 * @param raftBaseTickIntervalMs one raft tick (TiKV {@code raft-base-tick-interval})
 * @param raftHeartbeatTicks ticks between heartbeats
 * @param raftElectionTimeoutTicks ticks before a follower campaigns (randomized up to twice this)
 * @param raftMaxSizePerMsg most bytes of entries in one append message
 * @param raftMaxInflightMsgs most append messages in flight to one follower
 * @param raftEntryMaxSize a proposal larger than this is refused with RaftEntryTooLarge
 * @param maxLeaderLeaseMs how long a quorum's acknowledgement lets the leader read locally; must
 *     stay below the election timeout (TiKV {@code raft-store-max-leader-lease})
 * @param notifyCapacity a peer's mailbox holds at most this many messages; past it commands get
 *     ServerIsBusy
 * @param syncLog fsync the raft engine before acknowledging (always true outside benchmarks)
 * @param raftLogGcTickTicks how often (in base ticks) a leader considers compacting its log
 * @param raftLogGcThreshold compact once this many entries are replicated to every follower
 * @param raftLogGcCountLimit compact to the applied index, even past a slow follower (which then
 *     needs a snapshot), once the log holds this many entries
 * @param raftLogGcSizeLimit the same, once the log holds this many bytes
 * @param pdHeartbeatTicks how often (in base ticks) a leader reports its region to PD (TiKV
 *     {@code pd-heartbeat-tick-interval}, 60 s)
 */
public record RaftStoreConfig(
    int storePoolSize,
    int applyPoolSize,
    int messagesPerTick,
    int maxBatchSize,
    long raftBaseTickIntervalMs,
    int raftHeartbeatTicks,
    int raftElectionTimeoutTicks,
    long raftMaxSizePerMsg,
    int raftMaxInflightMsgs,
    long raftEntryMaxSize,
    long maxLeaderLeaseMs,
    int notifyCapacity,
    boolean syncLog,
    int raftLogGcTickTicks,
    long raftLogGcThreshold,
    long raftLogGcCountLimit,
    long raftLogGcSizeLimit,
    int pdHeartbeatTicks) {

  public RaftStoreConfig {
    positive("store-pool-size", storePoolSize);
    positive("apply-pool-size", applyPoolSize);
    positive("messages-per-tick", messagesPerTick);
    positive("max-batch-size", maxBatchSize);
    positive("raft-base-tick-interval", raftBaseTickIntervalMs);
    positive("raft-heartbeat-ticks", raftHeartbeatTicks);
    positive("raft-max-size-per-msg", raftMaxSizePerMsg);
    positive("raft-max-inflight-msgs", raftMaxInflightMsgs);
    positive("raft-entry-max-size", raftEntryMaxSize);
    positive("notify-capacity", notifyCapacity);
    positive("raft-log-gc-tick-interval", raftLogGcTickTicks);
    positive("raft-log-gc-threshold", raftLogGcThreshold);
    positive("raft-log-gc-count-limit", raftLogGcCountLimit);
    positive("raft-log-gc-size-limit", raftLogGcSizeLimit);
    positive("pd-heartbeat-tick-interval", pdHeartbeatTicks);
    if (raftElectionTimeoutTicks <= raftHeartbeatTicks) {
      throw new IllegalArgumentException("raft-election-timeout-ticks (" + raftElectionTimeoutTicks
          + ") must be greater than raft-heartbeat-ticks (" + raftHeartbeatTicks + ")");
    }
    long electionMs = raftElectionTimeoutTicks * raftBaseTickIntervalMs;
    if (maxLeaderLeaseMs < 0 || maxLeaderLeaseMs >= electionMs) {
      throw new IllegalArgumentException("raft-store-max-leader-lease (" + maxLeaderLeaseMs
          + " ms) must be at least 0 and below the election timeout (" + electionMs + " ms)");
    }
  }

  /** TiKV's defaults: 1 s ticks, heartbeat every 2, election after 10, 9 s lease, 8 MiB entries. */
  public static RaftStoreConfig defaults() {
    return builder().build();
  }

  /**
   * Fast timeouts for in-process tests: 10 ms ticks, election after 10 ticks, 80 ms lease, log
   * GC considered every 10 ticks with small limits so tests see the log truncated.
   */
  public static RaftStoreConfig forTests() {
    return builder().storePoolSize(1).applyPoolSize(1).raftBaseTickIntervalMs(10).maxLeaderLeaseMs(80)
        .raftLogGcTickTicks(10).raftLogGcThreshold(50).raftLogGcCountLimit(1000)
        .raftLogGcSizeLimit(1024 * 1024).pdHeartbeatTicks(20).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.storePoolSize = storePoolSize;
    b.applyPoolSize = applyPoolSize;
    b.messagesPerTick = messagesPerTick;
    b.maxBatchSize = maxBatchSize;
    b.raftBaseTickIntervalMs = raftBaseTickIntervalMs;
    b.raftHeartbeatTicks = raftHeartbeatTicks;
    b.raftElectionTimeoutTicks = raftElectionTimeoutTicks;
    b.raftMaxSizePerMsg = raftMaxSizePerMsg;
    b.raftMaxInflightMsgs = raftMaxInflightMsgs;
    b.raftEntryMaxSize = raftEntryMaxSize;
    b.maxLeaderLeaseMs = maxLeaderLeaseMs;
    b.notifyCapacity = notifyCapacity;
    b.syncLog = syncLog;
    b.raftLogGcTickTicks = raftLogGcTickTicks;
    b.raftLogGcThreshold = raftLogGcThreshold;
    b.raftLogGcCountLimit = raftLogGcCountLimit;
    b.raftLogGcSizeLimit = raftLogGcSizeLimit;
    b.pdHeartbeatTicks = pdHeartbeatTicks;
    return b;
  }

  public Duration baseTick() {
    return Duration.ofMillis(raftBaseTickIntervalMs);
  }

  public RaftStoreConfig withPools(int store, int apply) {
    return toBuilder().storePoolSize(store).applyPoolSize(apply).build();
  }

  public RaftStoreConfig withEntryMaxSize(long bytes) {
    return toBuilder().raftEntryMaxSize(bytes).build();
  }

  public RaftStoreConfig withLease(long leaseMs) {
    return toBuilder().maxLeaderLeaseMs(leaseMs).build();
  }

  public RaftStoreConfig withSyncLog(boolean sync) {
    return toBuilder().syncLog(sync).build();
  }

  /** Builds a {@link RaftStoreConfig}; starts from TiKV's defaults. */
  public static final class Builder {
    private int storePoolSize = 2;
    private int applyPoolSize = 2;
    private int messagesPerTick = 4096;
    private int maxBatchSize = 256;
    private long raftBaseTickIntervalMs = 1000;
    private int raftHeartbeatTicks = 2;
    private int raftElectionTimeoutTicks = 10;
    private long raftMaxSizePerMsg = 1024 * 1024;
    private int raftMaxInflightMsgs = 256;
    private long raftEntryMaxSize = 8 * 1024 * 1024;
    private long maxLeaderLeaseMs = 9000;
    private int notifyCapacity = 40960;
    private boolean syncLog = true;
    private int raftLogGcTickTicks = 3;
    private long raftLogGcThreshold = 50;
    private long raftLogGcCountLimit = 73728;
    private long raftLogGcSizeLimit = 72L * 1024 * 1024;
    private int pdHeartbeatTicks = 60;

    private Builder() {}

    public Builder storePoolSize(int v) { storePoolSize = v; return this; }
    public Builder applyPoolSize(int v) { applyPoolSize = v; return this; }
    public Builder messagesPerTick(int v) { messagesPerTick = v; return this; }
    public Builder maxBatchSize(int v) { maxBatchSize = v; return this; }
    public Builder raftBaseTickIntervalMs(long v) { raftBaseTickIntervalMs = v; return this; }
    public Builder raftHeartbeatTicks(int v) { raftHeartbeatTicks = v; return this; }
    public Builder raftElectionTimeoutTicks(int v) { raftElectionTimeoutTicks = v; return this; }
    public Builder raftMaxSizePerMsg(long v) { raftMaxSizePerMsg = v; return this; }
    public Builder raftMaxInflightMsgs(int v) { raftMaxInflightMsgs = v; return this; }
    public Builder raftEntryMaxSize(long v) { raftEntryMaxSize = v; return this; }
    public Builder maxLeaderLeaseMs(long v) { maxLeaderLeaseMs = v; return this; }
    public Builder notifyCapacity(int v) { notifyCapacity = v; return this; }
    public Builder syncLog(boolean v) { syncLog = v; return this; }
    public Builder raftLogGcTickTicks(int v) { raftLogGcTickTicks = v; return this; }
    public Builder raftLogGcThreshold(long v) { raftLogGcThreshold = v; return this; }
    public Builder raftLogGcCountLimit(long v) { raftLogGcCountLimit = v; return this; }
    public Builder raftLogGcSizeLimit(long v) { raftLogGcSizeLimit = v; return this; }
    public Builder pdHeartbeatTicks(int v) { pdHeartbeatTicks = v; return this; }

    public RaftStoreConfig build() {
      return new RaftStoreConfig(storePoolSize, applyPoolSize, messagesPerTick, maxBatchSize,
          raftBaseTickIntervalMs, raftHeartbeatTicks, raftElectionTimeoutTicks, raftMaxSizePerMsg,
          raftMaxInflightMsgs, raftEntryMaxSize, maxLeaderLeaseMs, notifyCapacity, syncLog,
          raftLogGcTickTicks, raftLogGcThreshold, raftLogGcCountLimit, raftLogGcSizeLimit,
          pdHeartbeatTicks);
    }
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }
}
