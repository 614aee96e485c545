/**
 * {@code kiln bench}: YCSB-style workloads (A, B, C, E, write-only, a two-key transfer) against Kiln
 * or etcd, with a load phase, a warm-up, per-second progress, HdrHistogram percentiles per operation
 * type, a CSV of every second and a PNG of latency over time; and {@code kiln bench probe}, which
 * measures what the machine itself can do (fsync and loopback round trips).
 *
 * <p>Every system under test hides behind {@link io.kiln.cli.bench.BenchTarget}; each target is one
 * small adapter over a client ({@link io.kiln.cli.bench.KilnTarget}, {@link io.kiln.cli.bench.EtcdTarget},
 * {@link io.kiln.cli.bench.InMemoryTarget} for the harness's own ceiling). The clients are closed loops:
 * one operation in flight per thread, so latency excludes queueing at the client (no coordinated
 * omission correction).
 */
package io.kiln.cli.bench;
