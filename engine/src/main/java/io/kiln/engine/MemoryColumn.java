package io.kiln.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One column family of a {@link MemoryKvEngine}: a skip list from key to the key's
 * {@link Versions}, in unsigned lexicographic order. Readers read at a sequence number and never
 * lock; writers are serialized by the engine, which also guarantees that no reader reads at a
 * sequence below the pruning horizon it passes in.
 */
final class MemoryColumn {

  /** A visible key and its value, as found by a reader (the arrays are the stored ones). */
  record Found(byte[] key, byte[] value) {}

  private final String name;
  private final ConcurrentSkipListMap<byte[], Versions> map =
      new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  MemoryColumn(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  // ---- readers ----

  /** The stored value of {@code key} visible at {@code seq}, or null. */
  byte[] get(byte[] key, long seq) {
    Versions v = map.get(key);
    return v == null ? null : v.valueAt(seq);
  }

  /** The history of {@code key}, or null (for reads that pick their sequence afterwards). */
  Versions versions(byte[] key) {
    return map.get(key);
  }

  /** The first key visible at {@code seq} after {@code from} (or at it), below {@code upper}. */
  Found ceiling(byte[] from, boolean inclusive, long seq, byte[] upper) {
    Map.Entry<byte[], Versions> e = inclusive ? map.ceilingEntry(from) : map.higherEntry(from);
    while (e != null) {
      if (upper != null && Arrays.compareUnsigned(e.getKey(), upper) >= 0) {
        return null;
      }
      byte[] value = e.getValue().valueAt(seq);
      if (value != null) {
        return new Found(e.getKey(), value);
      }
      e = map.higherEntry(e.getKey());
    }
    return null;
  }

  /**
   * The last key visible at {@code seq} before {@code from} (or at it; {@code from} null: the
   * last key), not below {@code lower}.
   */
  Found floor(byte[] from, boolean inclusive, long seq, byte[] lower) {
    Map.Entry<byte[], Versions> e;
    if (from == null) {
      e = map.lastEntry();
    } else {
      e = inclusive ? map.floorEntry(from) : map.lowerEntry(from);
    }
    while (e != null) {
      if (lower != null && Arrays.compareUnsigned(e.getKey(), lower) < 0) {
        return null;
      }
      byte[] value = e.getValue().valueAt(seq);
      if (value != null) {
        return new Found(e.getKey(), value);
      }
      e = map.lowerEntry(e.getKey());
    }
    return null;
  }

  /** Bytes of the keys and values visible at {@code seq} in {@code [start, end)}. */
  long size(byte[] start, byte[] end, long seq) {
    Map<byte[], Versions> range;
    if (start == null && end == null) {
      range = map;
    } else if (start == null) {
      range = map.headMap(end);
    } else if (end == null) {
      range = map.tailMap(start);
    } else if (Arrays.compareUnsigned(start, end) >= 0) {
      return 0;
    } else {
      range = map.subMap(start, end);
    }
    long bytes = 0;
    for (Map.Entry<byte[], Versions> e : range.entrySet()) {
      byte[] value = e.getValue().valueAt(seq);
      if (value != null) {
        bytes += e.getKey().length + value.length;
      }
    }
    return bytes;
  }

  /** Number of stored versions, deletions included (to check that pruning keeps up). */
  long versionCount() {
    long n = 0;
    for (Versions v : map.values()) {
      n += v.size();
    }
    return n;
  }

  // ---- the writer (holds the engine's write lock) ----

  /** Records {@code value} (null: a deletion) for {@code key} at {@code seq}. */
  void write(byte[] key, byte[] value, long seq, long horizon, VersionPruner pruner) {
    Versions old = map.get(key);
    if (old == null) {
      if (value == null) {
        return; // deleting an absent key: nothing any reader could see changes
      }
      map.put(key, Versions.of(seq, value));
      return;
    }
    Versions pruned = old.prune(horizon);
    Versions next = pruned == null ? Versions.of(seq, value) : pruned.append(seq, value);
    map.put(key, next);
    pruner.schedule(this, key, next);
  }

  /** Records a deletion at {@code seq} of every key in {@code [start, end)} that has a value. */
  void deleteRange(byte[] start, byte[] end, long seq, long horizon, VersionPruner pruner) {
    Map.Entry<byte[], Versions> e = map.ceilingEntry(start);
    while (e != null && Arrays.compareUnsigned(e.getKey(), end) < 0) {
      if (e.getValue().newestIsLive()) {
        write(e.getKey(), null, seq, horizon, pruner);
      }
      e = map.higherEntry(e.getKey());
    }
  }

  /** Prunes {@code key}'s history to {@code horizon}; returns what is left (null: removed). */
  Versions prune(byte[] key, long horizon) {
    Versions old = map.get(key);
    if (old == null) {
      return null;
    }
    Versions pruned = old.prune(horizon);
    if (pruned == null) {
      map.remove(key);
    } else if (pruned != old) {
      map.put(key, pruned);
    }
    return pruned;
  }
}
