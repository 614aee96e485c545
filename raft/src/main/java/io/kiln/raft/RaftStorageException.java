package io.kiln.raft;

/**
 * A typed failure of {@link Storage}. The four kinds are part of the contract: raft reacts to each
 * differently (send a snapshot, retry later, ignore an old snapshot).
 */
public abstract sealed class RaftStorageException extends RuntimeException
    permits RaftStorageException.Compacted,
        RaftStorageException.Unavailable,
        RaftStorageException.SnapshotOutOfDate,
        RaftStorageException.SnapshotTemporarilyUnavailable {

  private RaftStorageException(String message) {
    super(message, null, false, false); // thrown on normal paths: no stack trace
  }

  /** The requested index is before the first available one: it was compacted into a snapshot. */
  public static final class Compacted extends RaftStorageException {
    public Compacted(long index, long firstIndex) {
      super("log index " + index + " is compacted (first available index is " + firstIndex + ")");
    }
  }

  /** The requested index is after the last one. */
  public static final class Unavailable extends RaftStorageException {
    public Unavailable(long index, long lastIndex) {
      super("log index " + index + " is unavailable (last index is " + lastIndex + ")");
    }
  }

  /** The snapshot offered is older than the one the storage has. */
  public static final class SnapshotOutOfDate extends RaftStorageException {
    public SnapshotOutOfDate(long offered, long current) {
      super("snapshot at " + offered + " is older than the current one at " + current);
    }
  }

  /** A snapshot is being generated; ask again later (raft retries on a later heartbeat). */
  public static final class SnapshotTemporarilyUnavailable extends RaftStorageException {
    public SnapshotTemporarilyUnavailable() {
      super("snapshot is temporarily unavailable");
    }
  }
}
