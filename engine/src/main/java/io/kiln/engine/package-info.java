/**
 * Storage engine interfaces that the rest of Kiln programs against: a KV engine with the column
 * families {@code default}, {@code lock}, {@code write} and {@code raft}, a raft engine for raft
 * logs and {@code RaftLocalState}, atomic write batches, point-in-time snapshots and bounded
 * iterators, plus an in-memory implementation with the same semantics for simulation.
 *
 * <p>Nothing here names RocksDB; {@code io.kiln.engine.rocks} implements these interfaces with it.
 * Not implemented yet: reserved for the raftstore issue.
 */
package io.kiln.engine;
