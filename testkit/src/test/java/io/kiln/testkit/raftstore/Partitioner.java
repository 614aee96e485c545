package io.kiln.testkit.raftstore;

import io.kiln.testkit.Cluster;
import io.kiln.testkit.net.Filter;
import io.kiln.testkit.net.Filters;
import io.kiln.testkit.net.Partition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * TinyKV's partitioner: until stopped, splits the stores into two random sides (one of them holds
 * a majority, with 5 stores), optionally over an unreliable network, for an election timeout plus
 * up to 200 ms at a time. Leaves its last partition in place; the caller heals the network.
 */
final class Partitioner implements Runnable {

  private final Cluster cluster;
  private final Random random;
  private final boolean unreliable;
  private volatile boolean stop;
  private int partitions;

  Partitioner(Cluster cluster, Random random, boolean unreliable) {
    this.cluster = cluster;
    this.random = random;
    this.unreliable = unreliable;
  }

  void stop() {
    stop = true;
  }

  int partitions() {
    return partitions;
  }

  @Override
  public void run() {
    long electionMs = cluster.electionTimeout().toMillis();
    while (!stop) {
      Set<Long> a = new HashSet<>();
      Set<Long> b = new HashSet<>();
      for (long s : cluster.storeIds()) {
        (random.nextBoolean() ? a : b).add(s);
      }
      List<Filter> filters = new ArrayList<>();
      filters.add(Partition.of(a, b));
      if (unreliable) {
        filters.add(Filters.unreliable(random));
      }
      cluster.network().setFilters(filters);
      partitions++;
      sleep(electionMs + random.nextInt(200));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
