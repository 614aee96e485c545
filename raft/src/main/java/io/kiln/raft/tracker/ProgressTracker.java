package io.kiln.raft.tracker;

import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.raft.quorum.JointConfig;
import io.kiln.raft.quorum.MajorityConfig;
import io.kiln.raft.quorum.VoteResult;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** The current configuration, the progress of each member, and the votes of the current election. */
public final class ProgressTracker {

  private TrackerConfig config;
  /** Sorted by id so iteration order, and with it every simulation, is deterministic. */
  private SortedMap<Long, Progress> progress;
  private final Map<Long, Boolean> votes = new HashMap<>();
  private final int maxInflight;
  private final long maxInflightBytes;

  public ProgressTracker(int maxInflight, long maxInflightBytes) {
    this.maxInflight = maxInflight;
    this.maxInflightBytes = maxInflightBytes;
    this.config = new TrackerConfig(
        JointConfig.of(MajorityConfig.empty()), new TreeSet<>(), new TreeSet<>(), false);
    this.progress = new TreeMap<>();
  }

  public TrackerConfig config() {
    return config;
  }

  public SortedMap<Long, Progress> progress() {
    return Collections.unmodifiableSortedMap(progress);
  }

  public Progress get(long id) {
    return progress.get(id);
  }

  public Inflights newInflights() {
    return new Inflights(maxInflight, maxInflightBytes);
  }

  /** Installs a configuration and its progress map (as computed by the conf changer). */
  public void apply(TrackerConfig newConfig, SortedMap<Long, Progress> newProgress) {
    this.config = newConfig;
    this.progress = new TreeMap<>(newProgress);
  }

  /** Forgets the configuration and every progress (before restoring from a snapshot). */
  public void clear() {
    this.config = new TrackerConfig(
        JointConfig.of(MajorityConfig.empty()), new TreeSet<>(), new TreeSet<>(), false);
    this.progress = new TreeMap<>();
    votes.clear();
  }

  /** A copy of the progress map that the conf changer may modify freely. */
  public SortedMap<Long, Progress> copyProgress() {
    TreeMap<Long, Progress> copy = new TreeMap<>();
    progress.forEach((id, pr) -> copy.put(id, pr));
    return copy;
  }

  public ConfState confState() {
    ConfState.Builder cs = ConfState.newBuilder()
        .addAllVoters(config.voters().incoming().ids())
        .addAllVotersOutgoing(config.voters().outgoing().ids())
        .addAllLearners(config.learners())
        .addAllLearnersNext(config.learnersNext())
        .setAutoLeave(config.autoLeave());
    return cs.build();
  }

  /** True if the configuration has exactly one voter (so a leader commits alone). */
  public boolean isSingleton() {
    return config.voters().incoming().size() == 1 && !config.voters().isJoint();
  }

  public boolean isVoter(long id) {
    return config.voters().contains(id);
  }

  /** The largest index a quorum of voters has acknowledged. */
  public long committed() {
    return config.voters().committedIndex(id -> {
      Progress pr = progress.get(id);
      return pr == null ? OptionalLong.empty() : OptionalLong.of(pr.match);
    });
  }

  /** Visits every member (voters and learners) in id order. */
  public void visit(BiConsumer<Long, Progress> visitor) {
    for (Map.Entry<Long, Progress> e : progress.entrySet()) {
      visitor.accept(e.getKey(), e.getValue());
    }
  }

  /** True if a quorum of voters was recently active (CheckQuorum); the leader counts itself. */
  public boolean quorumActive(long self) {
    Map<Long, Boolean> active = new HashMap<>();
    progress.forEach((id, pr) -> {
      if (!pr.isLearner) {
        active.put(id, id == self || pr.recentActive);
      }
    });
    return config.voters().voteResult(active) == VoteResult.WON;
  }

  public void resetVotes() {
    votes.clear();
  }

  /** Records a vote; only the first answer of each voter counts. */
  public void recordVote(long id, boolean granted) {
    votes.putIfAbsent(id, granted);
  }

  /** Counts the votes of the voters in the current configuration. */
  public Tally tallyVotes() {
    int granted = 0;
    int rejected = 0;
    for (Map.Entry<Long, Progress> e : progress.entrySet()) {
      if (e.getValue().isLearner) {
        continue;
      }
      Boolean v = votes.get(e.getKey());
      if (v == null) {
        continue;
      }
      if (v) {
        granted++;
      } else {
        rejected++;
      }
    }
    return new Tally(granted, rejected, config.voters().voteResult(votes));
  }

  /** Votes counted so far and the result they give. */
  public record Tally(int granted, int rejected, VoteResult result) {}

  /** Acknowledgements of a read-index round (safe read-only mode). */
  public boolean hasQuorum(java.util.Set<Long> acks) {
    Map<Long, Boolean> asVotes = new HashMap<>();
    for (long id : acks) {
      asVotes.put(id, true);
    }
    return config.voters().voteResult(asVotes) == VoteResult.WON;
  }
}
