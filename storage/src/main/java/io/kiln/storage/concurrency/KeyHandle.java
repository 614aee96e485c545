package io.kiln.storage.concurrency;

import io.kiln.storage.mvcc.Lock;

/** One key's slot in the {@link MemoryLockTable}: the lock stored in it, and whether it was released. */
final class KeyHandle {

  private Lock lock;
  private boolean released;

  synchronized Lock lock() {
    return lock;
  }

  synchronized void setLock(Lock newLock) {
    lock = newLock;
  }

  synchronized void release() {
    released = true;
    lock = null;
    notifyAll();
  }

  synchronized void awaitReleased() {
    boolean interrupted = false;
    while (!released) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
