/**
 * The raftstore as the storage layer uses it: {@link io.kiln.raftstore.kv.RaftKv} (asynchronous
 * writes of {@link io.kiln.raftstore.kv.Modify} lists and linearizable region snapshots), its
 * implementation over a {@link io.kiln.raftstore.RaftStore}, and the region-scoped read view
 * {@link io.kiln.raftstore.kv.RegionSnapshot}.
 */
package io.kiln.raftstore.kv;
