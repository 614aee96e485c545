package io.kiln.raft.tracker;

/**
 * The leader's view of one follower (Raft thesis §3.5 nextIndex and matchIndex, plus flow
 * control). Every state transition is a method here, so the rules live in one place.
 */
public final class Progress {

  /** Highest index known to be replicated on the follower. Invariant: match < next. */
  long match;
  /** Index of the next entry to send. */
  long next;
  ProgressState state = ProgressState.PROBE;
  /** In SNAPSHOT state: the index of the snapshot being sent; after that, 0. */
  long pendingSnapshot;
  /** True if the follower was heard from since the last CheckQuorum round. */
  boolean recentActive;
  /** In PROBE state: a probe is out and unanswered, so sending is paused. */
  boolean probeSent;
  boolean isLearner;
  final Inflights inflights;

  public Progress(long match, long next, Inflights inflights, boolean isLearner) {
    this.match = match;
    this.next = next;
    this.inflights = inflights;
    this.isLearner = isLearner;
  }

  public long match() {
    return match;
  }

  public long next() {
    return next;
  }

  public ProgressState state() {
    return state;
  }

  public long pendingSnapshot() {
    return pendingSnapshot;
  }

  public boolean recentActive() {
    return recentActive;
  }

  public void setRecentActive(boolean active) {
    this.recentActive = active;
  }

  public boolean isLearner() {
    return isLearner;
  }

  public Inflights inflights() {
    return inflights;
  }

  /** Forces match (used for the leader's own progress and when restoring). */
  public void setMatch(long match) {
    this.match = match;
  }

  public void setNext(long next) {
    this.next = next;
  }

  public void setProbeSent(boolean probeSent) {
    this.probeSent = probeSent;
  }

  private void resetState(ProgressState newState) {
    probeSent = false;
    pendingSnapshot = 0;
    state = newState;
    inflights.reset();
  }

  /**
   * Back to probing. Coming from a snapshot, the follower will at least have the snapshot, so the
   * next probe starts after it.
   */
  public void becomeProbe() {
    if (state == ProgressState.SNAPSHOT) {
      long pending = pendingSnapshot;
      resetState(ProgressState.PROBE);
      next = Math.max(match + 1, pending + 1);
    } else {
      resetState(ProgressState.PROBE);
      next = match + 1;
    }
  }

  public void becomeReplicate() {
    resetState(ProgressState.REPLICATE);
    next = match + 1;
  }

  public void becomeSnapshot(long snapshotIndex) {
    resetState(ProgressState.SNAPSHOT);
    pendingSnapshot = snapshotIndex;
  }

  /**
   * The follower acknowledged {@code n}. Returns false if that is old news (a reordered or
   * duplicated response). Acknowledgement also ends a probe wait.
   */
  public boolean maybeUpdate(long n) {
    boolean updated = false;
    if (match < n) {
      match = n;
      updated = true;
      probeSent = false;
    }
    next = Math.max(next, n + 1);
    return updated;
  }

  /** In REPLICATE state: entries up to {@code n} are on their way. */
  public void optimisticUpdate(long n) {
    next = n + 1;
  }

  /**
   * The follower rejected an append at {@code rejected}; {@code matchHint} is where its log may
   * agree with ours (fast backtracking). Returns false if the rejection is stale.
   */
  public boolean maybeDecrTo(long rejected, long matchHint) {
    if (state == ProgressState.REPLICATE) {
      // In replicate state next was advanced optimistically; only a rejection above match is news.
      if (rejected <= match) {
        return false;
      }
      next = match + 1;
      return true;
    }
    // Probe or snapshot: only the rejection of the message we sent last (at next - 1) counts.
    if (next - 1 != rejected) {
      return false;
    }
    next = Math.max(Math.min(rejected, matchHint + 1), 1);
    probeSent = false;
    return true;
  }

  /** True if the leader should not send appends now (it would only add to an unanswered backlog). */
  public boolean isPaused() {
    return switch (state) {
      case PROBE -> probeSent;
      case REPLICATE -> inflights.full();
      case SNAPSHOT -> true;
    };
  }

  /** A copy that shares the inflights window (for the conf changer, whose result replaces this). */
  public Progress shallowCopy() {
    Progress p = new Progress(match, next, inflights, isLearner);
    p.state = state;
    p.pendingSnapshot = pendingSnapshot;
    p.recentActive = recentActive;
    p.probeSent = probeSent;
    return p;
  }

  public void setLearner(boolean learner) {
    this.isLearner = learner;
  }

  /** A copy for status reports. */
  public Progress copy() {
    Progress p = new Progress(match, next, inflights.cloneEmpty(), isLearner);
    p.state = state;
    p.pendingSnapshot = pendingSnapshot;
    p.recentActive = recentActive;
    p.probeSent = probeSent;
    return p;
  }

  @Override
  public String toString() {
    return state + " match=" + match + " next=" + next
        + (isLearner ? " learner" : "")
        + (probeSent ? " paused" : "")
        + (pendingSnapshot > 0 ? " pendingSnap=" + pendingSnapshot : "")
        + (recentActive ? "" : " inactive")
        + (inflights.count() > 0 ? " inflight=" + inflights.count() : "");
  }
}
