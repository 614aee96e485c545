/**
 * The raftstore on 5 in-process stores (RocksDB by default, {@code -Dkiln.cluster.engine=memory}
 * for speed), after TinyKV's project 2B tests: {@link io.kiln.testkit.raftstore.GenericScenario}
 * runs rounds of {@link io.kiln.testkit.raftstore.AppendClient}s over an optionally unreliable,
 * partitioned network ({@link io.kiln.testkit.raftstore.Partitioner}) with optional store
 * restarts, and checks every acknowledged write; the partition, crash and lease-read tests check
 * one property each. Every test prints its seed; {@code -Dkiln.cluster.seed=N} re-runs it, {@code
 * -Dkiln.cluster.rounds} and {@code -Dkiln.cluster.roundMillis} lengthen the scenarios, and
 * {@code SoakTest} (tagged long) runs them for minutes.
 */
package io.kiln.testkit.raftstore;
