package io.kiln.storage.mvcc;

import io.kiln.proto.Kvrpcpb;

/**
 * The errors of the MVCC and transaction layer, named and shaped as TiKV's
 * {@code storage::mvcc::ErrorInner}. Keys in them are raw (decoded) user keys, as clients see
 * them. {@code io.kiln.storage.txn.KeyErrors} turns each into the {@code kvrpcpb.KeyError} TiKV
 * answers with.
 */
public abstract sealed class MvccError extends RuntimeException {

  private MvccError(String message) {
    super(message, null, false, false);
  }

  /** A lock of another transaction is in the way of a read or a write. */
  public static final class KeyIsLocked extends MvccError {
    private final Kvrpcpb.LockInfo lockInfo;

    public KeyIsLocked(Kvrpcpb.LockInfo lockInfo) {
      super("key is locked (backoff or cleanup) " + lockInfo.toString().replace('\n', ' '));
      this.lockInfo = lockInfo;
    }

    public Kvrpcpb.LockInfo lockInfo() {
      return lockInfo;
    }
  }

  /** A newer commit (or this transaction's own rollback) exists on a key being prewritten. */
  public static final class WriteConflict extends MvccError {
    public final long startTs;
    public final long conflictStartTs;
    public final long conflictCommitTs;
    public final byte[] key;
    public final byte[] primary;

    public WriteConflict(long startTs, long conflictStartTs, long conflictCommitTs, byte[] key,
        byte[] primary) {
      super("write conflict, start_ts: " + startTs + ", conflict_start_ts: " + conflictStartTs
          + ", conflict_commit_ts: " + conflictCommitTs + ", key: " + KeyCodec.hex(key)
          + ", primary: " + KeyCodec.hex(primary));
      this.startTs = startTs;
      this.conflictStartTs = conflictStartTs;
      this.conflictCommitTs = conflictCommitTs;
      this.key = key;
      this.primary = primary;
    }
  }

  /** An Insert or CheckNotExists found a committed value. */
  public static final class AlreadyExist extends MvccError {
    public final byte[] key;

    public AlreadyExist(byte[] key) {
      super("key " + KeyCodec.hex(key) + " already exists");
      this.key = key;
    }
  }

  /** A commit found neither the lock nor a commit record of its transaction. */
  public static final class TxnLockNotFound extends MvccError {
    public TxnLockNotFound(long startTs, long commitTs, byte[] key) {
      super("txn lock not found " + startTs + "-" + commitTs + " key: " + KeyCodec.hex(key));
    }
  }

  /** Check txn status / heartbeat found no lock and no record of the transaction. */
  public static final class TxnNotFound extends MvccError {
    public final long startTs;
    public final byte[] key;

    public TxnNotFound(long startTs, byte[] key) {
      super("txn not found " + startTs + " key: " + KeyCodec.hex(key));
      this.startTs = startTs;
      this.key = key;
    }
  }

  /** A commit_ts below the lock's min_commit_ts. */
  public static final class CommitTsExpired extends MvccError {
    public final long startTs;
    public final long commitTs;
    public final byte[] key;
    public final long minCommitTs;

    public CommitTsExpired(long startTs, long commitTs, byte[] key, long minCommitTs) {
      super("try to commit key " + KeyCodec.hex(key) + " with commit_ts " + commitTs
          + " which is less than its min_commit_ts " + minCommitTs + " (start_ts " + startTs + ")");
      this.startTs = startTs;
      this.commitTs = commitTs;
      this.key = key;
      this.minCommitTs = minCommitTs;
    }
  }

  /** The commit_ts an async-commit or 1PC prewrite must use exceeds the request's max_commit_ts. */
  public static final class CommitTsTooLarge extends MvccError {
    public final long minCommitTs;

    public CommitTsTooLarge(long startTs, long minCommitTs, long maxCommitTs) {
      super("min_commit_ts " + minCommitTs + " is larger than max_commit_ts " + maxCommitTs
          + " (start_ts " + startTs + ")");
      this.minCommitTs = minCommitTs;
    }
  }

  /** A pessimistic-flagged mutation found no pessimistic lock of its transaction. */
  public static final class PessimisticLockNotFound extends MvccError {
    public PessimisticLockNotFound(long startTs, byte[] key) {
      super("pessimistic lock not found, start_ts: " + startTs + ", key: " + KeyCodec.hex(key));
    }
  }

  /** A commit met its transaction's pessimistic lock, which was never prewritten. */
  public static final class LockTypeNotMatch extends MvccError {
    public LockTypeNotMatch(long startTs, byte[] key, boolean pessimistic) {
      super("lock type not match, start_ts: " + startTs + ", key: " + KeyCodec.hex(key)
          + ", pessimistic: " + pessimistic);
    }
  }

  /** A write record points at a default CF value that is missing. */
  public static final class DefaultNotFound extends MvccError {
    public DefaultNotFound(byte[] key, long startTs) {
      super("default not found: key " + KeyCodec.hex(key) + ", start_ts " + startTs);
    }
  }

  /** A cleanup found the transaction committed. */
  public static final class Committed extends MvccError {
    public final long startTs;
    public final long commitTs;

    public Committed(long startTs, long commitTs, byte[] key) {
      super("txn already committed " + startTs + "-" + commitTs + " key: " + KeyCodec.hex(key));
      this.startTs = startTs;
      this.commitTs = commitTs;
    }
  }

  /** A resolve gave a commit_ts not above the start_ts. */
  public static final class InvalidTxnTso extends MvccError {
    public InvalidTxnTso(long startTs, long commitTs) {
      super("invalid transaction tso with start_ts " + startTs + ", commit_ts " + commitTs);
    }
  }

  /** A key or value that is not in TiKV's format. */
  public static final class BadFormat extends MvccError {
    public BadFormat(String message) {
      super("bad format: " + message);
    }
  }
}
