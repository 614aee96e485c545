/**
 * Region snapshots (TiKV's {@code store/snap} and region worker): {@link
 * io.kiln.raftstore.snap.SnapGenerator} writes one SST file per data column family from a
 * consistent kv snapshot; {@link io.kiln.raftstore.snap.SnapSender} and {@link
 * io.kiln.raftstore.snap.SnapReceiver} stream them between stores in bounded chunks with sizes
 * and checksums checked; {@link io.kiln.raftstore.snap.SnapApplier} clears the region's range and
 * ingests them, repeatably after a crash; {@link io.kiln.raftstore.snap.SnapManager} owns the
 * folder and deletes what is no longer needed.
 */
package io.kiln.raftstore.snap;
