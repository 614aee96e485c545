/**
 * The apply batch system's side of the raftstore: {@link io.kiln.raftstore.apply.ApplyFsm} per
 * region, {@link io.kiln.raftstore.apply.ApplyHandler} that applies committed entries of many
 * regions in one kv write batch (with each region's RaftApplyState), then runs callbacks and
 * reports {@link io.kiln.raftstore.apply.ApplyResult}s to the peers.
 */
package io.kiln.raftstore.apply;
