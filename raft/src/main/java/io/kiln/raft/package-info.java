/**
 * The Raft consensus algorithm (Ongaro, "Consensus: Bridging Theory and Practice") as a library
 * with no threads, clocks or IO, in the style of etcd raft and raft-rs.
 *
 * <p>Time enters as {@code tick()}, input as {@code step(message)} and proposals, output leaves as
 * a {@code Ready} (entries and hard state to persist, messages to send, committed entries to
 * apply) that the caller handles and acknowledges. Randomness (election jitter) comes from an
 * injected, seeded source. The raftstore runs one instance per region; PD runs one for itself.
 *
 * <p>Not implemented yet: this package is the place reserved for the raft issue.
 */
package io.kiln.raft;
