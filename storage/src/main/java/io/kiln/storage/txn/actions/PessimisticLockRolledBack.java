package io.kiln.storage.txn.actions;

import io.kiln.storage.mvcc.KeyCodec;

/**
 * A pessimistic lock request met the rollback record of its own transaction (TiKV's
 * {@code ErrorInner::PessimisticLockRolledBack}): the transaction was rolled back on this key
 * (by a resolver that found it expired, say), so it must not lock the key again. Clients get it as
 * a {@code KeyError} with {@code abort} set, as TiKV answers it.
 *
 * <p>It is not an {@link io.kiln.storage.mvcc.MvccError}: that hierarchy is sealed in the MVCC
 * package, and this error belongs to pessimistic locking alone.
 */
public final class PessimisticLockRolledBack extends RuntimeException {

  private final long startTs;
  private final byte[] key;

  /** {@code key} is the raw user key. */
  public PessimisticLockRolledBack(long startTs, byte[] key) {
    super("pessimistic lock already rollbacked, start_ts:" + startTs + ", key:"
        + io.kiln.engine.Hex.of(key), null, false, false);
    this.startTs = startTs;
    this.key = key.clone();
  }

  public long startTs() {
    return startTs;
  }

  /** The raw user key. */
  public byte[] key() {
    return key.clone();
  }

  /** Builds the error for encoded {@code key}. */
  static PessimisticLockRolledBack onEncodedKey(long startTs, byte[] encodedKey) {
    return new PessimisticLockRolledBack(startTs, KeyCodec.decode(encodedKey));
  }
}
