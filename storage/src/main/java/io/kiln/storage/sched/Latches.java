package io.kiln.storage.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32C;

/**
 * Hash-slot latches that serialize commands on the same keys (TiKV's scheduler latches).
 *
 * <p>A command's keys hash to slots; its {@link Lock} lists them sorted and without duplicates.
 * Each slot has an owner and a FIFO queue of the command ids waiting behind it. {@link #acquire} walks the slots in order from the first one not yet owned:
 * free (or already handed to this command), it takes the slot; otherwise it queues (once) and stops. Because every command takes
 * its slots in ascending order, no two commands can wait for each other in a cycle. {@link #release}
 * hands every slot it owns to the first command waiting for it and returns those ids: the commands to wake, which call {@link #acquire} again.
 *
 * <p>Two keys in one slot are serialized even though they differ; that costs concurrency, never
 * correctness. Thread-safe: each slot is guarded by its own monitor.
 */
public final class Latches {

  private static final long FREE = 0;

  private final AtomicReferenceArray<Slot> slots;
  private final int mask;

  /** @param size the number of slots, rounded up to a power of two */
  public Latches(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("latch slots must be positive, got " + size);
    }
    int n = Integer.highestOneBit(size);
    if (n < size) {
      n <<= 1;
    }
    slots = new AtomicReferenceArray<>(n);
    mask = n - 1;
  }

  /** The latch set for {@code keys}: their slots, sorted, without duplicates. */
  public Lock lockFor(Collection<byte[]> keys) {
    int[] required = new int[keys.size()];
    int i = 0;
    for (byte[] key : keys) {
      required[i++] = slotOf(key);
    }
    return new Lock(Arrays.stream(required).sorted().distinct().toArray());
  }

  /**
   * Tries to take the rest of {@code lock}'s slots for command {@code cid}; true when it owns them
   * all. When false, the command is queued on the slot that stopped it and will be returned by the
   * {@link #release} that frees that slot.
   */
  public boolean acquire(Lock lock, long cid) {
    while (lock.owned < lock.required.length) {
      Slot slot = slot(lock.required[lock.owned]);
      synchronized (slot) {
        if (slot.owner == FREE) {
          slot.owner = cid;
          lock.owned++;
        } else if (slot.owner == cid) {
          lock.owned++;
        } else {
          slot.enqueue(cid);
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Releases the slots {@code cid} owns in {@code lock}; returns the commands now at the head of
   * those slots, to be woken.
   */
  public List<Long> release(Lock lock, long cid) {
    List<Long> wake = new ArrayList<>();
    for (int i = 0; i < lock.owned; i++) {
      Slot slot = slot(lock.required[i]);
      synchronized (slot) {
        if (slot.owner != cid) {
          throw new IllegalStateException("latch slot " + lock.required[i] + " released by command " + cid
              + " but owned by " + slot.owner);
        }
        Long next = slot.waiters == null ? null : slot.waiters.pollFirst();
        slot.owner = next == null ? FREE : next;
        if (next != null) {
          wake.add(next);
        }
      }
    }
    lock.owned = 0;
    return wake;
  }

  private Slot slot(int index) {
    Slot s = slots.get(index);
    if (s == null) {
      slots.compareAndSet(index, null, new Slot());
      s = slots.get(index);
    }
    return s;
  }

  private int slotOf(byte[] key) {
    CRC32C crc = new CRC32C();
    crc.update(key);
    return (int) (crc.getValue() & mask);
  }

  /** The slots one command needs and how many of them (a prefix) it owns. */
  public static final class Lock {
    final int[] required;
    int owned;

    Lock(int[] required) {
      this.required = required;
    }

    /** True when the command needs no latch at all. */
    public boolean isEmpty() {
      return required.length == 0;
    }

    public boolean acquired() {
      return owned == required.length;
    }
  }

  /**
   * One latch: its owner (the command at the head) and the commands queued behind it. A released
   * latch passes straight to the first waiter, which {@link #acquire} then finds as owner.
   * Slots are created on first use, so a large slot count costs memory only for the slots touched.
   */
  private static final class Slot {
    long owner = FREE;
    ArrayDeque<Long> waiters;

    void enqueue(long cid) {
      if (waiters == null) {
        waiters = new ArrayDeque<>(2);
      }
      if (!waiters.contains(cid)) {
        waiters.addLast(cid);
      }
    }
  }
}
