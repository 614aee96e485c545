package io.kiln.raft.quorum;

import java.util.OptionalLong;

/** Where a voter's acknowledged (matched) log index comes from. */
@FunctionalInterface
public interface AckedIndexer {
  /** The index voter {@code id} has acknowledged, or empty if it is unknown. */
  OptionalLong ackedIndex(long id);
}
