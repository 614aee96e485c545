/**
 * The batch system (TiKV's {@code batch-system} crate): {@link io.kiln.raftstore.batch.Fsm}s with
 * lock-free mailboxes, and a {@link io.kiln.raftstore.batch.BatchSystem} of poller threads that
 * handle ready FSMs in batches through a {@link io.kiln.raftstore.batch.PollHandler}
 * ({@code begin / handle / end}). The raftstore runs two: one for PeerFsms (raft) and one for
 * ApplyFsms (apply). Nothing here knows about raft.
 */
package io.kiln.raftstore.batch;
