package io.kiln.engine;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Forgets the versions of a {@link MemoryKvEngine} that no reader can see any more, so memory
 * stays proportional to the live data plus what open snapshots pin. Every key whose history could
 * shrink waits in a queue ordered by the horizon at which it can; after each write the engine
 * passes the current horizon (the oldest sequence any reader may still read at) and the keys it
 * has reached are pruned. Used only under the engine's write lock.
 *
 * <p>Invariant: each key is queued at most once ({@code scheduled} holds its live entry; entries
 * of the queue that disagree with it are stale and skipped), so the queue is bounded by the
 * number of keys with more than one version.
 */
final class VersionPruner {

  private record ColumnKey(MemoryColumn column, ByteBuffer key) {}

  private record Pending(long seq, ColumnKey ref) {}

  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.seq, b.seq));
  private final Map<ColumnKey, Long> scheduled = new HashMap<>();

  /** Remembers {@code key} if its history {@code versions} can shrink later. */
  void schedule(MemoryColumn column, byte[] key, Versions versions) {
    schedule(new ColumnKey(column, ByteBuffer.wrap(key)), versions);
  }

  private void schedule(ColumnKey ref, Versions versions) {
    long seq = versions.nextPruneSeq();
    if (seq == Long.MAX_VALUE) {
      return;
    }
    Long current = scheduled.get(ref);
    if (current != null && current <= seq) {
      return; // it fires earlier and reschedules what is left
    }
    scheduled.put(ref, seq);
    queue.add(new Pending(seq, ref));
  }

  /** Prunes every queued key whose history can shrink at {@code horizon}. */
  void run(long horizon) {
    while (!queue.isEmpty() && queue.peek().seq <= horizon) {
      Pending p = queue.poll();
      Long current = scheduled.get(p.ref);
      if (current == null || current != p.seq) {
        continue;
      }
      scheduled.remove(p.ref);
      Versions left = p.ref.column.prune(p.ref.key.array(), horizon);
      if (left != null) {
        schedule(p.ref, left);
      }
    }
  }

  /** Keys waiting to be pruned. */
  int pending() {
    return scheduled.size();
  }
}
