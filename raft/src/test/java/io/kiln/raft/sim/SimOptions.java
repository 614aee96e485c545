package io.kiln.raft.sim;

import io.kiln.raft.ReadOnlyOption;
import java.util.Random;

/**
 * The knobs of one simulation run, all drawn from the run's single seeded {@link Random}: cluster
 * size, raft settings, network faults, persistence style and how often each fault happens.
 * Simulated time is in abstract units; a node ticks every {@link #tickInterval} units.
 */
record SimOptions(
    int nodes,
    int electionTick,
    int heartbeatTick,
    boolean preVote,
    boolean checkQuorum,
    ReadOnlyOption readOnly,
    long maxSizePerMsg,
    int maxInflightMsgs,
    boolean[] asyncPersist,
    boolean durableStateMachine,
    int tickInterval,
    int minDelay,
    int maxDelay,
    double lossRate,
    double dupRate,
    double longDelayRate,
    int maxPersistDelay,
    int meanDriverGap,
    double crashRate,
    double partitionRate,
    double transferRate,
    double compactRate,
    double confChangeRate,
    long duration) {

  static final boolean MEMBERSHIP = Boolean.getBoolean("kiln.sim.membership");

  static SimOptions draw(Random rnd, long duration) {
    int n = rnd.nextBoolean() ? 3 : 5;
    int heartbeat = 1 + rnd.nextInt(3);
    int election = heartbeat * (3 + rnd.nextInt(5));
    boolean preVote = rnd.nextBoolean();
    boolean checkQuorum = rnd.nextBoolean();
    ReadOnlyOption readOnly = checkQuorum && rnd.nextInt(3) == 0
        ? ReadOnlyOption.LEASE_BASED : ReadOnlyOption.SAFE;
    long maxSize = rnd.nextBoolean() ? 1024 * 1024 : 1 + rnd.nextInt(200);
    int inflight = rnd.nextBoolean() ? 256 : 1 + rnd.nextInt(4);
    boolean[] async = new boolean[n];
    int style = rnd.nextInt(3); // 0: all synchronous, 1: all asynchronous, 2: mixed
    for (int i = 0; i < n; i++) {
      async[i] = style == 1 || (style == 2 && rnd.nextBoolean());
    }
    boolean durableSm = rnd.nextBoolean();
    int tick = 10;
    // Keep a typical round trip (two writes, two hops) within half the shortest election timeout,
    // so elections can finish; rare long delays (below) still break that bound on purpose.
    int budget = Math.max(2, election * tick / 4);
    int minDelay = 1 + rnd.nextInt(Math.min(5, budget));
    int maxDelay = minDelay + rnd.nextInt(Math.max(1, budget - minDelay));
    double loss = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 0.15;
    double dup = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 0.08;
    double longDelay = rnd.nextDouble() * 0.05;
    int persistDelay = 1 + rnd.nextInt(budget);
    int driverGap = 5 + rnd.nextInt(20);
    double crash = rnd.nextDouble() * 0.04;
    double partition = rnd.nextDouble() * 0.05;
    double transfer = rnd.nextDouble() * 0.04;
    double compact = rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.15;
    // Membership changes are opt-in (-Dkiln.sim.membership=true): 20,000 seeds pass with them,
    // but a liveness deadlock was seen while developing them (and is not fixed): a removed leader,
    // deposed by CheckQuorum before it could hand over, keeps the most up-to-date log; a voter that
    // has not yet learned that the joint configuration was left needs its vote, and the other
    // voter needs that voter's, which its shorter log cannot get. Off, no randomness is drawn, so
    // every seed runs exactly as it did before membership changes existed.
    double confChange = MEMBERSHIP && rnd.nextBoolean() ? rnd.nextDouble() * 0.05 : 0;
    return new SimOptions(n, election, heartbeat, preVote, checkQuorum, readOnly, maxSize, inflight,
        async, durableSm, tick, minDelay, maxDelay, loss, dup, longDelay, persistDelay, driverGap,
        crash, partition, transfer, compact, confChange, duration);
  }

  @Override
  public String toString() {
    StringBuilder a = new StringBuilder();
    for (boolean b : asyncPersist) {
      a.append(b ? 'A' : 'S');
    }
    return String.format("nodes=%d election=%d heartbeat=%d preVote=%s checkQuorum=%s read=%s"
        + " maxMsg=%d inflight=%d persist=%s durableSm=%s delay=[%d,%d] loss=%.3f dup=%.3f"
        + " long=%.3f crash=%.3f partition=%.3f transfer=%.3f compact=%.3f confChange=%.3f",
        nodes, electionTick, heartbeatTick, preVote, checkQuorum, readOnly, maxSizePerMsg,
        maxInflightMsgs, a, durableStateMachine, minDelay, maxDelay, lossRate, dupRate,
        longDelayRate, crashRate, partitionRate, transferRate, compactRate, confChangeRate);
  }
}
