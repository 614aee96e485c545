/**
 * A region's peer on this store: {@link io.kiln.raftstore.peer.PeerFsm} (the raft group, its
 * proposals and Ready handling), {@link io.kiln.raftstore.peer.PeerStorage} (raft's Storage over
 * the engines), the leader's reads ({@code LocalReader}, {@code Lease}), the checks every command
 * passes ({@code CommandChecks}), and {@link io.kiln.raftstore.peer.PeerHandler}, the store
 * poller's round with its group commit.
 */
package io.kiln.raftstore.peer;
