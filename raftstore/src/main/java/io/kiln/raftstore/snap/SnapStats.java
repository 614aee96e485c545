package io.kiln.raftstore.snap;

/**
 * Snapshot counters of one store since it started: how many were generated, received and
 * applied, the bytes sent and received, and the time spent generating and applying them.
 */
public record SnapStats(long generated, long received, long applied, long sentBytes, long receivedBytes,
    long generateMillis, long applyMillis) {}
