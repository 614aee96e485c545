/**
 * The write scheduler of the transaction layer: {@link io.kiln.storage.sched.Latches} (hash slots
 * over keys, taken in ascending order, so commands on the same keys run one after another without
 * deadlock) and {@link io.kiln.storage.sched.Scheduler} (flow control, latches, snapshot,
 * processWrite on a worker, RaftKv.asyncWrite, answer after apply).
 */
package io.kiln.storage.sched;
