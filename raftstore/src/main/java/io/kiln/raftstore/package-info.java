/**
 * The multi-Raft store, TiKV's raftstore: a generic batch system (FSMs, mailboxes, router,
 * pollers), PeerFsm and ApplyFsm, PeerStorage on the engines, proposals matched by (index, term),
 * group commit of every peer's raft writes, snapshots, log GC, split, conf change and local
 * lease reads. Exposes a {@code RaftKv} interface to the transaction layer.
 *
 * <p>Not implemented yet: reserved for the raftstore issue.
 */
package io.kiln.raftstore;
