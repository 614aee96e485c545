/**
 * The Raft consensus algorithm (Ongaro, "Consensus: Bridging Theory and Practice", 2014) as a
 * library with no threads, clocks or IO, in the style of etcd raft and raft-rs. The raftstore runs
 * one {@link io.kiln.raft.RawNode} per region; PD will run one for itself.
 *
 * <h2>What goes in, what comes out</h2>
 *
 * <ul>
 *   <li>Time: {@link io.kiln.raft.RawNode#tick()}, called at a fixed interval by the owner.
 *       Election and heartbeat timeouts are counted in ticks ({@link io.kiln.raft.Config}).
 *   <li>Input: {@link io.kiln.raft.RawNode#step} for messages from peers; {@link
 *       io.kiln.raft.RawNode#propose}, {@link io.kiln.raft.RawNode#proposeConfChange}, {@link
 *       io.kiln.raft.RawNode#readIndex}, {@link io.kiln.raft.RawNode#transferLeader}, {@link
 *       io.kiln.raft.RawNode#campaign} for the application's requests; {@link
 *       io.kiln.raft.RawNode#reportUnreachable} and {@link io.kiln.raft.RawNode#reportSnapshot}
 *       from the transport.
 *   <li>Output: a {@link io.kiln.raft.Ready}: entries, hard state and snapshot to persist,
 *       messages to send, committed entries to apply, read states to serve.
 *   <li>Randomness: only the election jitter, from the {@link java.util.Random} in the Config.
 *       Seed it and a run is reproducible.
 *   <li>Storage: the application implements {@link io.kiln.raft.Storage} over its durable log
 *       ({@link io.kiln.raft.MemoryStorage} is the in-memory one). Raft only reads it.
 * </ul>
 *
 * <h2>The Ready loop</h2>
 *
 * <pre>{@code
 * RawNode node = new RawNode(Config.builder(id).random(new Random(seed)).build(), storage);
 * // on every tick:       node.tick();
 * // on every message:    node.step(message);
 * // on every request:    node.propose(ctx, data);
 * while (node.hasReady()) {
 *   Ready rd = node.ready();
 *   transport.send(rd.messages());                 // 1. a leader sends before its own write
 *   storage.write(rd.snapshot(), rd.entries(),     // 2. persist (fsync if rd.mustSync())
 *       rd.hardState());
 *   transport.send(rd.persistedMessages());        // 3. votes, acks: only after the write
 *   for (Entry e : rd.committedEntries()) {        // 4. apply, in order
 *     if (e.getEntryType() == EntryType.EntryNormal) stateMachine.apply(e);
 *     else stateMachine.setConfState(node.applyConfChange(ConfChangeV2.parseFrom(e.getData())));
 *   }
 *   serveReads(rd.readStates());                   //    once applied up to each read's index
 *   node.advance(rd);                              // 5. acknowledge
 * }
 * }</pre>
 *
 * <p>Writing asynchronously (Raft thesis §10.2.1; what the raftstore does to group-commit many
 * regions in one fsync): take several readies with {@code ready()}, write them in order in the
 * background, send each one's {@code persistedMessages()} when its write completes and then call
 * {@link io.kiln.raft.RawNode#onPersistReady(long)} with its {@link io.kiln.raft.Ready#number()};
 * call {@link io.kiln.raft.RawNode#advanceApply(long)} when committed entries are applied. A
 * leader counts its own entries toward a quorum only once they are durable, and no node hands out
 * committed entries beyond what it has durably written, so a crash never loses an applied entry.
 *
 * <h2>What is implemented (and where)</h2>
 *
 * <ul>
 *   <li>Elections with randomized timeouts, PreVote, CheckQuorum and leader leases on votes:
 *       {@code Raft}, {@code FollowerStep}.
 *   <li>Replication with per-follower progress (probe / replicate / snapshot), an inflight window
 *       bounded by count and bytes, a maximum append size, fast conflict backtracking, commit of
 *       current-term entries only (§5.4.2), an uncommitted-size limit: {@code Replication}, {@code
 *       LeaderStep}, {@code RaftLog}, {@link io.kiln.raft.tracker}.
 *   <li>Snapshots: sent when a follower needs compacted entries, retried when temporarily
 *       unavailable, restored on followers; status reports from the transport.
 *   <li>Membership: single-step changes and joint consensus with automatic or explicit leave,
 *       learners, one pending change at a time: {@link io.kiln.raft.confchange}.
 *   <li>ReadIndex in safe (heartbeat round) and lease-based modes: {@code ReadOnly}.
 *   <li>Leader transfer with TimeoutNow; proposals are dropped while it is in progress.
 * </ul>
 *
 * <p>Errors: {@link io.kiln.raft.RaftException} for what the caller did (a dropped proposal, a bad
 * config, a local message stepped from outside); {@link io.kiln.raft.RaftStorageException} for
 * what the storage answers. A broken invariant (say, a commit index past the end of the log after
 * storage lost data) throws {@link java.lang.IllegalStateException} naming the node: that is a bug
 * or a corrupted disk, never something to retry.
 */
package io.kiln.raft;
