package io.kiln.storage.mvcc;

import io.kiln.proto.Kvrpcpb;

/** The kind of a Percolator lock and its flag byte in the lock CF value (txn_types {@code LockType}). */
public enum LockType {
  PUT('P', Kvrpcpb.Op.Put),
  DELETE('D', Kvrpcpb.Op.Del),
  LOCK('L', Kvrpcpb.Op.Lock),
  PESSIMISTIC('S', Kvrpcpb.Op.PessimisticLock);

  private final byte flag;
  private final Kvrpcpb.Op op;

  LockType(char flag, Kvrpcpb.Op op) {
    this.flag = (byte) flag;
    this.op = op;
  }

  public byte flag() {
    return flag;
  }

  /** The op a {@link Kvrpcpb.LockInfo} reports for this lock. */
  public Kvrpcpb.Op op() {
    return op;
  }

  public static LockType fromFlag(int b) {
    for (LockType t : values()) {
      if (t.flag == (byte) b) {
        return t;
      }
    }
    throw new MvccError.BadFormat("unknown lock type flag " + b);
  }

  /** The lock a prewrite mutation leaves (Insert locks as Put); null for CheckNotExists. */
  public static LockType fromMutationOp(Kvrpcpb.Op op) {
    switch (op) {
      case Put:
      case Insert:
        return PUT;
      case Del:
        return DELETE;
      case Lock:
        return LOCK;
      case CheckNotExists:
        return null;
      default:
        throw new IllegalArgumentException("not a prewrite mutation: " + op);
    }
  }
}
