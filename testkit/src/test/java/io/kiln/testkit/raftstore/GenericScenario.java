package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.testkit.Cluster;
import io.kiln.testkit.EngineFactory;
import io.kiln.testkit.client.ClientOptions;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.client.KvPair;
import io.kiln.testkit.net.Filters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TinyKV's {@code GenericTest} for project 2B on 5 stores: a few rounds in which {@link
 * AppendClient}s append to their keys while the network is optionally unreliable and randomly
 * partitioned; after each round the network heals, the stores optionally restart from their data
 * (all of them, or a random few), and every client's key must hold exactly what the client knows
 * was committed (or one of its unanswered puts). Any read during the round that contradicts the
 * model fails the scenario too.
 *
 * <p>{@code -Dkiln.cluster.rounds=N} and {@code -Dkiln.cluster.roundMillis=MS} (default 3 x 1500
 * ms) make the scenarios longer.
 */
final class GenericScenario {

  private static final Logger LOG = LoggerFactory.getLogger(GenericScenario.class);

  static final int ROUNDS = Integer.getInteger("kiln.cluster.rounds", 3);
  static final long ROUND_MS = Long.getLong("kiln.cluster.roundMillis", 1500);
  /** What the patient workload clients (odd ids) allow one operation: partitions heal within it. */
  static final ClientOptions CLIENT = ClientOptions.defaults().withDeadline(Duration.ofSeconds(2))
      .withAttemptTimeout(Duration.ofMillis(300));
  /**
   * What the impatient ones (even ids) allow: they give up during partitions and elections, which
   * leaves puts with an unknown outcome for the model to reckon with.
   */
  static final ClientOptions IMPATIENT = ClientOptions.defaults().withDeadline(Duration.ofMillis(500))
      .withAttemptTimeout(Duration.ofMillis(150));
  /** What the end-of-round check allows: the cluster is whole again, it must answer. */
  static final ClientOptions CHECKER = ClientOptions.defaults().withDeadline(Duration.ofSeconds(10));

  /** What a scenario does: TinyKV's parameters for part 2B. */
  record Options(int clients, boolean unreliable, boolean crash, boolean partitions) {}

  private GenericScenario() {}

  static void run(long seed, Options o) throws InterruptedException {
    run(seed, o, ROUNDS, ROUND_MS);
  }

  static void run(long seed, Options o, EngineFactory engines) throws InterruptedException {
    run(seed, o, ROUNDS, ROUND_MS, engines);
  }

  static void run(long seed, Options o, int rounds, long roundMs) throws InterruptedException {
    run(seed, o, rounds, roundMs, Clusters.engines());
  }

  static void run(long seed, Options o, int rounds, long roundMs, EngineFactory engines)
      throws InterruptedException {
    run(seed, o, rounds, roundMs, engines, io.kiln.raftstore.RaftStoreConfig.forTests(), c -> { });
  }

  /** As above on a raftstore configured by {@code config}; {@code atEnd} checks the cluster last. */
  static void run(long seed, Options o, int rounds, long roundMs, EngineFactory engines,
      io.kiln.raftstore.RaftStoreConfig config, java.util.function.Consumer<Cluster> atEnd)
      throws InterruptedException {
    try (Cluster cluster = Clusters.started(seed, 5, engines, config)) {
      Random random = cluster.newRandom();
      List<AppendClient> appenders = new ArrayList<>();
      for (int j = 0; j < o.clients(); j++) {
        appenders.add(new AppendClient(j, cluster.client(j % 2 == 0 ? IMPATIENT : CLIENT), cluster.newRandom()));
      }
      ClusterClient checker = cluster.client(CHECKER);
      for (int round = 0; round < rounds; round++) {
        runRound(cluster, o, random, appenders, round, roundMs);
        if (o.crash()) {
          restartStores(cluster, random, round);
        }
        for (AppendClient a : appenders) {
          checkKeys(checker, a, round, seed);
        }
        LOG.info("round {} done: {}", round, summaries(appenders));
      }
      List<String> violations = new ArrayList<>();
      for (AppendClient a : appenders) {
        violations.addAll(a.violations());
      }
      assertThat(violations).as("reads that contradict committed writes, seed %d; %s", seed, summaries(appenders))
          .isEmpty();
      for (AppendClient a : appenders) {
        assertThat(a.acks()).as("client made no progress in %d rounds: %s (seed %d)", rounds, a.summary(), seed)
            .isPositive();
      }
      atEnd.accept(cluster);
      System.out.println("[scenario] " + o + " on " + cluster.engineName() + " " + summaries(appenders) + "; network " + cluster.network().stats());
    }
  }

  /** The client's current key holds what it knows is committed, and its finished keys their last values. */
  static void checkKeys(ClusterClient checker, AppendClient a, int round, long seed) {
    String problem = a.observe(checker.get(a.key()));
    assertThat(problem).as("after round %d, %s (seed %d)", round, a.summary(), seed).isNull();
    Map<String, String> found = new TreeMap<>();
    for (KvPair p : checker.scan(utf8(a.prefix()), utf8(a.prefix() + "~"), 100_000)) {
      found.put(p.keyString(), p.valueString());
    }
    assertThat(found).as("after round %d, every key of %s (seed %d)", round, a.summary(), seed)
        .isEqualTo(a.expectedKeys());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void runRound(Cluster cluster, Options o, Random random, List<AppendClient> appenders, int round,
      long roundMs) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (AppendClient a : appenders) {
      a.reset();
      Thread t = new Thread(a, "append-" + a.key() + "-round-" + round);
      t.start();
      threads.add(t);
    }
    if (o.unreliable()) {
      cluster.network().setFilters(List.of(Filters.unreliable(random)));
    }
    Partitioner partitioner = null;
    Thread pt = null;
    if (o.partitions()) {
      Thread.sleep(300); // let the clients work without interruption first
      partitioner = new Partitioner(cluster, random, o.unreliable());
      pt = new Thread(partitioner, "partitioner");
      pt.start();
    }
    Thread.sleep(roundMs);
    appenders.forEach(AppendClient::stop);
    if (partitioner != null) {
      partitioner.stop();
      pt.join();
    }
    // A client may have proposed in a minority: its answer comes only once that side hears of
    // the new term, so heal first, then wait for the clients.
    cluster.network().clearFilters();
    long joinMs = CLIENT.deadline().toMillis() + 3000;
    for (Thread t : threads) {
      t.join(joinMs);
      assertThat(t.isAlive()).as("%s still runs %d ms after it was told to stop", t.getName(), joinMs).isFalse();
    }
    if (o.unreliable() || o.partitions()) {
      Thread.sleep(cluster.electionTimeout().toMillis());
    }
  }

  /** Even rounds restart every store, odd rounds a random 1 to 4 of them; stopped ones stay down a while. */
  private static void restartStores(Cluster cluster, Random random, int round) throws InterruptedException {
    List<Long> ids = new ArrayList<>(cluster.storeIds());
    Collections.shuffle(ids, random);
    List<Long> chosen = round % 2 == 0 ? ids : ids.subList(0, 1 + random.nextInt(ids.size() - 1));
    LOG.info("round {}: restarting stores {}", round, chosen);
    for (long s : chosen) {
      cluster.stopStore(s);
    }
    Thread.sleep(cluster.electionTimeout().toMillis());
    for (long s : chosen) {
      cluster.startStore(s);
    }
    cluster.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
  }

  private static String summaries(List<AppendClient> appenders) {
    return appenders.stream().map(AppendClient::summary).toList().toString();
  }
}
