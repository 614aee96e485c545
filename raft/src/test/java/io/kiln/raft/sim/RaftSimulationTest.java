package io.kiln.raft.sim;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic raft simulation over many seeds. The default run covers seeds
 * 1..2000; the {@code long} run covers 100,000 (override the count with {@code
 * -Dkiln.sim.seeds=N}, the first seed with {@code -Dkiln.sim.from=S}); {@code -Dkiln.sim.seed=S}
 * runs one seed only, printing its options and statistics. {@code -Dkiln.sim.duration=T} changes
 * the simulated time per seed, {@code -Dkiln.sim.trace=K} the number of trailing events in a
 * failure report, and {@code -Dkiln.sim.membership=true} adds membership changes (off by default:
 * see {@link SimOptions}). A failure names its seed and the one-line command that replays it.
 */
class RaftSimulationTest {

  /** Simulated time of the fault phase per seed (a node ticks every 10 units). */
  static final long DURATION = Long.getLong("kiln.sim.duration", 5_000);

  @Test
  void seeds1To2000() {
    runSeeds(2_000);
  }

  @Test
  @Tag("long")
  void seeds1To100000() {
    runSeeds(100_000);
  }

  private static void runSeeds(long defaultCount) {
    String one = System.getProperty("kiln.sim.seed");
    long from;
    long count;
    if (one != null && !one.isBlank()) {
      from = Long.parseLong(one.trim());
      count = 1;
    } else {
      from = Long.getLong("kiln.sim.from", 1);
      count = Long.getLong("kiln.sim.seeds", defaultCount);
    }
    long to = from + count - 1;
    System.out.printf("raft simulation: seeds %d..%d (%d seeds, duration %d, membership changes %s)%n",
        from, to, count, DURATION, SimOptions.MEMBERSHIP ? "on" : "off");
    long start = System.nanoTime();
    long events = 0;
    for (long seed = from; seed <= to; seed++) {
      SimCluster c = new SimCluster(seed, DURATION);
      try {
        c.run();
      } catch (Throwable t) {
        throw new AssertionError(failureReport(c, t), t);
      }
      if (count == 1) {
        System.out.println("seed " + seed + ": " + c.opts + "\n  " + c.summary());
      }
      events += c.events();
    }
    System.out.printf("raft simulation: seeds %d..%d passed, %d events, %.1f s%n", from, to, events,
        (System.nanoTime() - start) / 1e9);
  }

  static String reproCommand(long seed) {
    return "mvn -o -pl raft -am test -Dtest=RaftSimulationTest#seeds1To2000 -Dkiln.sim.seed=" + seed
        + (SimOptions.MEMBERSHIP ? " -Dkiln.sim.membership=true" : "")
        + (DURATION != 5_000 ? " -Dkiln.sim.duration=" + DURATION : "")
        + " -Dsurefire.failIfNoSpecifiedTests=false";
  }

  private static String failureReport(SimCluster c, Throwable t) {
    return "raft simulation failed at seed " + c.seed + ": " + t + "\n" + c.describe()
        + "  reproduce: " + reproCommand(c.seed);
  }
}
