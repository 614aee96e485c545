package io.kiln.server.raw;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asynchronous latches over key hashes (TiKV's scheduler latches, without blocking a thread): a
 * command that reads, compares and writes holds the latches of its keys from before its read until
 * its write is applied, so two such commands on one key run one after the other. Keys hash into a
 * fixed number of slots; a command takes its slots in increasing order (so no two commands wait
 * for each other), queueing FIFO behind the holder of each.
 *
 * <p>A waiter whose turn comes is resumed on {@code executor}, never inside the releasing call, so
 * a long queue cannot grow the stack.
 */
public final class KeyLatches {

  private final Slot[] slots;
  private final Executor executor;

  /** @param slotCount rounded up to a power of two */
  public KeyLatches(int slotCount, Executor executor) {
    int n = Integer.highestOneBit(Math.max(1, slotCount - 1)) << 1;
    slots = new Slot[n];
    for (int i = 0; i < n; i++) {
      slots[i] = new Slot();
    }
    this.executor = executor;
  }

  /**
   * Completes once every slot of {@code keys} is held; the caller must {@link Guard#release()} the
   * guard exactly once, whatever happens next.
   */
  public CompletableFuture<Guard> acquire(List<byte[]> keys) {
    int[] idx = keys.stream().mapToInt(this::slotOf).sorted().distinct().toArray();
    Guard guard = new Guard(idx);
    CompletableFuture<Guard> done = new CompletableFuture<>();
    acquireFrom(guard, 0, done);
    return done;
  }

  /**
   * Runs {@code body} holding the latches of {@code keys} and releases them when its future
   * completes (or when it throws).
   */
  public <T> CompletableFuture<T> withLatches(List<byte[]> keys, Supplier<CompletableFuture<T>> body) {
    return acquire(keys).thenCompose(guard -> {
      CompletableFuture<T> f;
      try {
        f = body.get();
      } catch (RuntimeException e) {
        guard.release();
        return CompletableFuture.failedFuture(e);
      }
      return f.whenComplete((r, e) -> guard.release());
    });
  }

  private void acquireFrom(Guard guard, int i, CompletableFuture<Guard> done) {
    // iterative while slots are free; a queued slot resumes the chain when handed over
    for (; i < guard.slots.length; i++) {
      final int next = i + 1;
      if (!slots[guard.slots[i]].tryAcquireOrQueue(() -> acquireFrom(guard, next, done))) {
        return;
      }
    }
    done.complete(guard);
  }

  int slotOf(byte[] key) {
    int h = Arrays.hashCode(key);
    h ^= (h >>> 16);
    return h & (slots.length - 1);
  }

  /** The latches one command holds. */
  public final class Guard {
    private final int[] slots;
    private final AtomicBoolean released = new AtomicBoolean();

    private Guard(int[] slots) {
      this.slots = slots;
    }

    /** Hands every slot to its next waiter (or frees it). Later calls do nothing. */
    public void release() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      for (int i = slots.length - 1; i >= 0; i--) {
        Runnable next = KeyLatches.this.slots[slots[i]].release();
        if (next != null) {
          try {
            executor.execute(next);
          } catch (RejectedExecutionException e) {
            next.run(); // shutting down: never strand a waiter
          }
        }
      }
    }
  }

  private static final class Slot {
    private boolean held;
    private final ArrayDeque<Runnable> waiters = new ArrayDeque<>();

    /** True if taken now; otherwise {@code onGranted} runs when it is this waiter's turn. */
    synchronized boolean tryAcquireOrQueue(Runnable onGranted) {
      if (!held) {
        held = true;
        return true;
      }
      waiters.add(onGranted);
      return false;
    }

    /** The next waiter, who now holds the slot, or null when the slot became free. */
    synchronized Runnable release() {
      Runnable next = waiters.poll();
      if (next == null) {
        held = false;
      }
      return next;
    }
  }
}
