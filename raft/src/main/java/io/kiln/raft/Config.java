package io.kiln.raft;

import java.util.Random;

/**
 * The settings of one raft node. Build with {@link #builder(long)}; {@link Builder#build} checks
 * them and throws {@link RaftException.InvalidConfig} with the reason.
 *
 * @param id this node's id, never 0
 * @param electionTick ticks without hearing from a leader before a follower campaigns; the
 *     actual timeout is random in {@code [electionTick, 2 * electionTick)}
 * @param heartbeatTick ticks between a leader's heartbeats; must be less than electionTick
 * @param applied the index the application has already applied (restart); 0 for a new node
 * @param maxSizePerMsg most bytes of entries in one append message (at least one entry is sent)
 * @param maxInflightMsgs most unacknowledged append messages per follower in replicate state
 * @param maxInflightBytes most unacknowledged bytes per follower; 0 = unlimited
 * @param maxUncommittedEntriesSize most bytes of uncommitted entries a leader holds before it
 *     drops proposals; 0 = unlimited
 * @param maxCommittedSizePerReady most bytes of committed entries in one Ready
 * @param checkQuorum a leader steps down if it has not heard from a quorum within an election
 *     timeout (and followers ignore vote requests while they hear from a leader)
 * @param preVote run a pre-election before raising the term (thesis §9.6)
 * @param readOnlyOption how read index confirms leadership
 * @param disableProposalForwarding followers drop proposals instead of forwarding to the leader
 * @param random the source of election jitter: seed it for reproducible runs
 */
public record Config(
    long id,
    int electionTick,
    int heartbeatTick,
    long applied,
    long maxSizePerMsg,
    int maxInflightMsgs,
    long maxInflightBytes,
    long maxUncommittedEntriesSize,
    long maxCommittedSizePerReady,
    boolean checkQuorum,
    boolean preVote,
    ReadOnlyOption readOnlyOption,
    boolean disableProposalForwarding,
    Random random) {

  public static Builder builder(long id) {
    return new Builder(id);
  }

  /** A builder with sensible defaults (TiKV's raftstore defaults where they exist). */
  public static final class Builder {
    private final long id;
    private int electionTick = 10;
    private int heartbeatTick = 2;
    private long applied;
    private long maxSizePerMsg = 1024 * 1024;
    private int maxInflightMsgs = 256;
    private long maxInflightBytes;
    private long maxUncommittedEntriesSize;
    private long maxCommittedSizePerReady = Long.MAX_VALUE;
    private boolean checkQuorum;
    private boolean preVote;
    private ReadOnlyOption readOnlyOption = ReadOnlyOption.SAFE;
    private boolean disableProposalForwarding;
    private Random random;

    private Builder(long id) {
      this.id = id;
    }

    public Builder electionTick(int v) { electionTick = v; return this; }
    public Builder heartbeatTick(int v) { heartbeatTick = v; return this; }
    public Builder applied(long v) { applied = v; return this; }
    public Builder maxSizePerMsg(long v) { maxSizePerMsg = v; return this; }
    public Builder maxInflightMsgs(int v) { maxInflightMsgs = v; return this; }
    public Builder maxInflightBytes(long v) { maxInflightBytes = v; return this; }
    public Builder maxUncommittedEntriesSize(long v) { maxUncommittedEntriesSize = v; return this; }
    public Builder maxCommittedSizePerReady(long v) { maxCommittedSizePerReady = v; return this; }
    public Builder checkQuorum(boolean v) { checkQuorum = v; return this; }
    public Builder preVote(boolean v) { preVote = v; return this; }
    public Builder readOnlyOption(ReadOnlyOption v) { readOnlyOption = v; return this; }
    public Builder disableProposalForwarding(boolean v) { disableProposalForwarding = v; return this; }
    /** The source of election jitter; required, so every run states its seed. */
    public Builder random(Random v) { random = v; return this; }

    public Config build() {
      if (id == 0) {
        throw new RaftException.InvalidConfig("id must not be 0 (0 means \"none\" in raft messages)");
      }
      if (heartbeatTick <= 0) {
        throw new RaftException.InvalidConfig("heartbeatTick must be positive, was " + heartbeatTick);
      }
      if (electionTick <= heartbeatTick) {
        throw new RaftException.InvalidConfig("electionTick (" + electionTick
            + ") must be greater than heartbeatTick (" + heartbeatTick + ")");
      }
      if (maxInflightMsgs <= 0) {
        throw new RaftException.InvalidConfig("maxInflightMsgs must be positive, was " + maxInflightMsgs);
      }
      if (maxSizePerMsg <= 0) {
        throw new RaftException.InvalidConfig("maxSizePerMsg must be positive, was " + maxSizePerMsg);
      }
      if (maxCommittedSizePerReady <= 0) {
        throw new RaftException.InvalidConfig(
            "maxCommittedSizePerReady must be positive, was " + maxCommittedSizePerReady);
      }
      if (maxUncommittedEntriesSize < 0) {
        throw new RaftException.InvalidConfig(
            "maxUncommittedEntriesSize must be 0 (unlimited) or positive, was " + maxUncommittedEntriesSize);
      }
      if (maxInflightBytes < 0 || (maxInflightBytes > 0 && maxInflightBytes < maxSizePerMsg)) {
        throw new RaftException.InvalidConfig("maxInflightBytes (" + maxInflightBytes
            + ") must be 0 (unlimited) or at least maxSizePerMsg (" + maxSizePerMsg + ")");
      }
      if (readOnlyOption == ReadOnlyOption.LEASE_BASED && !checkQuorum) {
        throw new RaftException.InvalidConfig("lease-based reads need checkQuorum: without it a deposed"
            + " leader could keep answering reads from a stale lease");
      }
      if (random == null) {
        throw new RaftException.InvalidConfig("random must be set (use new Random(seed) and log the seed)");
      }
      return new Config(id, electionTick, heartbeatTick, applied, maxSizePerMsg, maxInflightMsgs,
          maxInflightBytes, maxUncommittedEntriesSize == 0 ? Long.MAX_VALUE : maxUncommittedEntriesSize,
          maxCommittedSizePerReady, checkQuorum, preVote, readOnlyOption, disableProposalForwarding, random);
    }
  }
}
