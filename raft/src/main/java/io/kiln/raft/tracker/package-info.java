/**
 * What a leader knows about each peer: its {@link io.kiln.raft.tracker.Progress} (match and next
 * index, and the probe / replicate / snapshot state machine that decides how to send to it), the
 * {@link io.kiln.raft.tracker.Inflights} window that bounds unacknowledged appends by count and
 * bytes, and the {@link io.kiln.raft.tracker.ProgressTracker} that holds the configuration, the
 * progress of every member and the votes of an election.
 */
package io.kiln.raft.tracker;
