package io.kiln.storage.txn.actions;

/**
 * What a pessimistic lock request says about every key it locks (the fields of
 * {@code kvrpcpb.PessimisticLockRequest} that TiKV's {@code acquire_pessimistic_lock} uses).
 *
 * @param primary the raw primary key of the transaction
 * @param startTs the transaction's start_ts
 * @param lockTtl the lock's time to live, in milliseconds
 * @param forUpdateTs the timestamp of this locking statement: newer commits are conflicts
 * @param needValue {@code return_values}: report each key's newest value
 * @param needCheckExistence {@code check_existence}: report whether each key has a value
 * @param minCommitTs written into the lock (large transactions); 0 for none
 */
public record PessimisticLockProps(byte[] primary, long startTs, long lockTtl, long forUpdateTs,
    boolean needValue, boolean needCheckExistence, long minCommitTs) {

  public PessimisticLockProps {
    primary = primary.clone();
  }

  @Override
  public byte[] primary() {
    return primary.clone();
  }
}
