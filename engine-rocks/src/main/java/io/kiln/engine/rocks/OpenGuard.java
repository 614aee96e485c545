package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps native calls and closing a database apart. A call into RocksDB through a closed handle
 * is a use-after-free that kills the process, so every call runs between {@link #enter()} and
 * {@link #exit()} (a read lock) and {@link #close} takes the write lock: it waits for calls in
 * flight, releases every snapshot and iterator still open (RocksDB refuses to close with
 * snapshots held), then closes the database. Calls after that fail with {@link EngineException}.
 */
final class OpenGuard {

  /** A native object that depends on the database and must go before it. */
  interface Dependent {
    /** Frees the native objects; called at most once, with the guard's lock held. */
    void release();
  }

  private final String name;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<Dependent> dependents = ConcurrentHashMap.newKeySet();
  /** Written under the write lock, read under either. */
  private boolean closed;

  OpenGuard(String name) {
    this.name = name;
  }

  /** Starts a native call; fails if the database is closed. Pair with {@link #exit()}. */
  void enter() {
    lock.readLock().lock();
    if (closed) {
      lock.readLock().unlock();
      throw new EngineException(name + " is closed");
    }
  }

  /** Starts releasing a dependent: succeeds even when closed. Pair with {@link #exit()}. */
  void enterToRelease() {
    lock.readLock().lock();
  }

  void exit() {
    lock.readLock().unlock();
  }

  void track(Dependent d) {
    dependents.add(d);
  }

  void untrack(Dependent d) {
    dependents.remove(d);
  }

  int openDependents() {
    return dependents.size();
  }

  /**
   * Closes once: releases the dependents, then runs {@code closeDatabase}, all under the write
   * lock. Returns false if already closed.
   */
  boolean close(Runnable closeDatabase) {
    lock.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      List<Dependent> open = new ArrayList<>(dependents);
      dependents.clear();
      for (Dependent d : open) {
        d.release();
      }
      closeDatabase.run();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
