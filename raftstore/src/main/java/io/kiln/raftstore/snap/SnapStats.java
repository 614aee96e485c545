package io.kiln.raftstore.snap;

/** Snapshot counters of one store since it started. */
public record SnapStats(long generated, long received, long applied, long sentBytes, long receivedBytes) {}
