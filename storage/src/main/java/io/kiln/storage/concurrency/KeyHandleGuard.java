package io.kiln.storage.concurrency;

import io.kiln.storage.mvcc.Lock;
import java.util.function.UnaryOperator;

/**
 * Ownership of one key's memory-lock slot. {@link #withLock} sets the lock readers will see;
 * {@link #close} (after the prewrite's writes are applied, or failed) empties and removes the slot.
 */
public final class KeyHandleGuard implements AutoCloseable {

  private final byte[] key;
  private final KeyHandle handle;
  private final Runnable onClose;
  private boolean closed;

  KeyHandleGuard(byte[] key, KeyHandle handle, Runnable onClose) {
    this.key = key;
    this.handle = handle;
    this.onClose = onClose;
  }

  public byte[] key() {
    return key.clone();
  }

  /** Replaces the slot's lock with {@code update(current)} (current may be null) and returns it. */
  public Lock withLock(UnaryOperator<Lock> update) {
    synchronized (handle) {
      Lock next = update.apply(handle.lock());
      handle.setLock(next);
      return next;
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      onClose.run();
      handle.release();
    }
  }
}
