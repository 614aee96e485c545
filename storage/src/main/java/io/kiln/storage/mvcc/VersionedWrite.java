package io.kiln.storage.mvcc;

/** A write CF record with the commit_ts it is stored under. */
public record VersionedWrite(long commitTs, Write write) {}
