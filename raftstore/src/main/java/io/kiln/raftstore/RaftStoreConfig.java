package io.kiln.raftstore;

import java.time.Duration;

/**
 * The raftstore's settings, named after TiKV's {@code [raftstore]} section where the setting is
 * the same. Times are in milliseconds; raft timeouts count base ticks.
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
    boolean syncLog) {

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
    return new RaftStoreConfig(2, 2, 4096, 256, 1000, 2, 10, 1024 * 1024, 256,
        8 * 1024 * 1024, 9000, 40960, true);
  }

  /** Fast timeouts for in-process tests: 10 ms ticks, election after 10 ticks, 80 ms lease. */
  public static RaftStoreConfig forTests() {
    return new RaftStoreConfig(1, 1, 4096, 256, 10, 2, 10, 1024 * 1024, 256,
        8 * 1024 * 1024, 80, 40960, true);
  }

  public Duration baseTick() {
    return Duration.ofMillis(raftBaseTickIntervalMs);
  }

  public RaftStoreConfig withPools(int store, int apply) {
    return new RaftStoreConfig(store, apply, messagesPerTick, maxBatchSize, raftBaseTickIntervalMs,
        raftHeartbeatTicks, raftElectionTimeoutTicks, raftMaxSizePerMsg, raftMaxInflightMsgs,
        raftEntryMaxSize, maxLeaderLeaseMs, notifyCapacity, syncLog);
  }

  public RaftStoreConfig withEntryMaxSize(long bytes) {
    return new RaftStoreConfig(storePoolSize, applyPoolSize, messagesPerTick, maxBatchSize,
        raftBaseTickIntervalMs, raftHeartbeatTicks, raftElectionTimeoutTicks, raftMaxSizePerMsg,
        raftMaxInflightMsgs, bytes, maxLeaderLeaseMs, notifyCapacity, syncLog);
  }

  public RaftStoreConfig withLease(long leaseMs) {
    return new RaftStoreConfig(storePoolSize, applyPoolSize, messagesPerTick, maxBatchSize,
        raftBaseTickIntervalMs, raftHeartbeatTicks, raftElectionTimeoutTicks, raftMaxSizePerMsg,
        raftMaxInflightMsgs, raftEntryMaxSize, leaseMs, notifyCapacity, syncLog);
  }

  public RaftStoreConfig withSyncLog(boolean sync) {
    return new RaftStoreConfig(storePoolSize, applyPoolSize, messagesPerTick, maxBatchSize,
        raftBaseTickIntervalMs, raftHeartbeatTicks, raftElectionTimeoutTicks, raftMaxSizePerMsg,
        raftMaxInflightMsgs, raftEntryMaxSize, maxLeaderLeaseMs, notifyCapacity, sync);
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }
}
