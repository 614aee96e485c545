/**
 * Scheduling: {@link io.kiln.pd.schedule.RegionScheduler}s look at a region's heartbeat and
 * propose {@link io.kiln.pd.schedule.Operator}s (add or remove a peer, transfer the leader); the
 * {@link io.kiln.pd.schedule.OperatorController} keeps one operator per region in flight and
 * retries after a timeout. The {@link io.kiln.pd.schedule.ReplicaChecker} keeps regions at the
 * cluster's replica count. More schedulers (balance, hot regions) plug in as further
 * RegionSchedulers.
 */
package io.kiln.pd.schedule;
