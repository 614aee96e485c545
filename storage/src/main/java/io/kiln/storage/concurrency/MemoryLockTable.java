package io.kiln.storage.concurrency;

import io.kiln.storage.mvcc.Lock;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Encoded key -> the slot an async-commit or 1PC prewrite holds on it (TiKV's
 * {@code concurrency_manager::LockTable}). A slot is created by {@link #lockKey}, filled with a
 * lock through its guard, and removed when the guard closes. Only one guard per key at a time:
 * a second {@link #lockKey} waits (latches normally keep writers of one key apart already).
 */
final class MemoryLockTable {

  private final ConcurrentSkipListMap<byte[], KeyHandle> table =
      new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  KeyHandleGuard lockKey(byte[] key) {
    byte[] k = key.clone();
    while (true) {
      KeyHandle fresh = new KeyHandle();
      KeyHandle existing = table.putIfAbsent(k, fresh);
      if (existing == null) {
        return new KeyHandleGuard(k, fresh, () -> table.remove(k, fresh));
      }
      existing.awaitReleased();
    }
  }

  void checkKey(byte[] key, ConcurrencyManager.MemoryLockCheck check) {
    KeyHandle h = table.get(key);
    if (h != null) {
      Lock lock = h.lock();
      if (lock != null) {
        check.check(key, lock);
      }
    }
  }

  void checkRange(byte[] start, byte[] end, ConcurrencyManager.MemoryLockCheck check) {
    NavigableMap<byte[], KeyHandle> range = table;
    if (start != null && start.length > 0) {
      range = range.tailMap(start, true);
    }
    if (end != null && end.length > 0) {
      range = range.headMap(end, false);
    }
    for (Map.Entry<byte[], KeyHandle> e : range.entrySet()) {
      Lock lock = e.getValue().lock();
      if (lock != null) {
        check.check(e.getKey(), lock);
      }
    }
  }

  Lock lockOf(byte[] key) {
    KeyHandle h = table.get(key);
    return h == null ? null : h.lock();
  }
}
