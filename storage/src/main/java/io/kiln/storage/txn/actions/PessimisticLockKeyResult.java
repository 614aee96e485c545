package io.kiln.storage.txn.actions;

/**
 * What acquiring one pessimistic lock reports about the key (TiKV's
 * {@code PessimisticLockKeyResult}, without the force-lock variants Kiln does not serve): nothing,
 * whether the key has a value, or the value itself.
 */
public sealed interface PessimisticLockKeyResult {

  /** Neither the value nor its existence was asked for. */
  record Empty() implements PessimisticLockKeyResult {}

  /** {@code check_existence} without {@code return_values}: whether a value is visible. */
  record Existence(boolean exists) implements PessimisticLockKeyResult {}

  /** {@code return_values}: the newest committed value, or null if the key has none. */
  record Value(byte[] value) implements PessimisticLockKeyResult {}

  /** The result for the flags of a request, given the value read (null: none, or not read). */
  static PessimisticLockKeyResult of(boolean needValue, boolean needCheckExistence, byte[] value) {
    if (needValue) {
      return new Value(value);
    }
    if (needCheckExistence) {
      return new Existence(value != null);
    }
    return new Empty();
  }
}
