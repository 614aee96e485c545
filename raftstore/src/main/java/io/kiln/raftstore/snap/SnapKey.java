package io.kiln.raftstore.snap;

import io.kiln.proto.Eraftpb.Snapshot;

/** Names one snapshot of a region: the index and term of its last entry (TiKV's {@code SnapKey}). */
public record SnapKey(long regionId, long term, long index) {

  public static SnapKey of(long regionId, Snapshot s) {
    return new SnapKey(regionId, s.getMetadata().getTerm(), s.getMetadata().getIndex());
  }

  @Override
  public String toString() {
    return regionId + "_" + term + "_" + index;
  }
}
