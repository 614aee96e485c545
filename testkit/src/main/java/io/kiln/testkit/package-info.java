/**
 * Test infrastructure for the whole system: in-process clusters of stores on real engines, a
 * simulated network with faults, and a client that retries as a real one does. Its tests also
 * hold the architecture guards ({@code ArchitectureTest}) and the raftstore scenarios.
 *
 * <h2>Cluster</h2>
 *
 * {@link io.kiln.testkit.Cluster} runs N {@link io.kiln.raftstore.RaftStore}s (ids 1..N) in one
 * JVM. {@code Cluster.builder().stores(5).engines(...).seed(s).build()} then {@code start()}
 * bootstraps every store and the first region (id 1, all keys, one peer per store with id
 * {@code 100 + storeId}) and starts them. Engines come from an {@link io.kiln.testkit.EngineFactory}:
 * RocksDB in a temporary folder per store, deleted by {@code close()} ({@code
 * EngineFactory.rocksdb()}, the default); in memory ({@code memory()}, fast); or in memory losing
 * every unsynced write when a store stops ({@code memoryLosingUnsyncedWrites()}, a {@link
 * io.kiln.testkit.LossyKvEngine} per engine: a stop is then a power cut). {@code stopStore(id)} takes a store off the network, stops its
 * threads and closes its engines (work in flight is lost as in a crash); {@code startStore(id)}
 * reopens the engines from the same folder and starts a new RaftStore over them. {@code
 * leaderOf}, {@code waitForLeader} and {@code engineGet} inspect the stores; {@code newRandom()}
 * hands out Randoms derived from the cluster's one seed ({@link io.kiln.testkit.Seeds}: {@code
 * -Dkiln.cluster.seed=N} re-runs a seed).
 *
 * <h2>Network ({@code io.kiln.testkit.net})</h2>
 *
 * {@link io.kiln.testkit.net.SimNetwork} gives each store a {@link io.kiln.testkit.net.SimTransport}.
 * A message goes through the installed filters on the sender's thread, then waits in the
 * receiver's inbox and is delivered on that inbox's own thread, never the sender's. Filters are
 * small composable objects changed at run time ({@code addFilter}, {@code setFilters}, {@code
 * clearFilters}): {@code Partition}, {@code Isolation}, {@code OneWayCut}, {@code DropIf}, {@code
 * RandomDrop}, {@code Delay}, {@code Duplication}, {@code Reorder}, combined with {@code andThen}
 * and {@code onlyFor}; {@code Filters.unreliable} is the lossy network of the TinyKV tests.
 * Messages to or from a stopped store are dropped.
 *
 * <h2>Client ({@code io.kiln.testkit.client})</h2>
 *
 * {@link io.kiln.testkit.client.ClusterClient} ({@code cluster.client()}) offers blocking {@code
 * put}, {@code get}, {@code delete}, {@code deleteRange} and {@code scan} (a Snap command read
 * through a {@code RegionSnapshot}). It calls stores directly, so only {@code
 * ClientOptions.withStores} limits which stores it reaches (a client on one side of a partition).
 * Each operation tries the last known leader, follows NotLeader hints, rotates stores otherwise,
 * acts on EpochNotMatch and other region errors, backs off, and gives up at its deadline with a
 * {@code ClientDeadlineException} that says whether a write may still have been applied.
 */
package io.kiln.testkit;
