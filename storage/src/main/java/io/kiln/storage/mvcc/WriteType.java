package io.kiln.storage.mvcc;

/** The kind of a write CF record and its flag byte (txn_types {@code WriteType}). */
public enum WriteType {
  PUT('P'),
  DELETE('D'),
  LOCK('L'),
  ROLLBACK('R');

  private final byte flag;

  WriteType(char flag) {
    this.flag = (byte) flag;
  }

  public byte flag() {
    return flag;
  }

  public static WriteType fromFlag(int b) {
    for (WriteType t : values()) {
      if (t.flag == (byte) b) {
        return t;
      }
    }
    throw new MvccError.BadFormat("unknown write type flag " + b);
  }

  /** The record a committed lock becomes; a pessimistic lock never commits. */
  public static WriteType fromLockType(LockType type) {
    switch (type) {
      case PUT:
        return PUT;
      case DELETE:
        return DELETE;
      case LOCK:
        return LOCK;
      default:
        throw new IllegalArgumentException("a " + type + " lock has no commit record");
    }
  }
}
