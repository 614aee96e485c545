package io.kiln.raft.tracker;

import io.kiln.raft.quorum.JointConfig;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A membership configuration: the voters (joint while a change is in flight), the learners, and
 * {@code learnersNext}, voters of the outgoing config that become learners when the joint config
 * is left (they cannot be learners in both halves at once). {@code autoLeave} says the leader
 * leaves the joint configuration by itself once it is applied. Immutable.
 */
public record TrackerConfig(
    JointConfig voters, SortedSet<Long> learners, SortedSet<Long> learnersNext, boolean autoLeave) {

  public TrackerConfig {
    learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
    learnersNext = Collections.unmodifiableSortedSet(new TreeSet<>(learnersNext));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("voters=").append(voters.incoming());
    if (voters.isJoint()) {
      sb.append("&&").append(voters.outgoing());
    }
    if (!learners.isEmpty()) {
      sb.append(" learners=").append(learners);
    }
    if (!learnersNext.isEmpty()) {
      sb.append(" learners_next=").append(learnersNext);
    }
    if (autoLeave) {
      sb.append(" autoleave");
    }
    return sb.toString();
  }
}
