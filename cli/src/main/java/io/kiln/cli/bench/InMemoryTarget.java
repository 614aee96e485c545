package io.kiln.cli.bench;

import java.util.Arrays;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A sorted map in this process: no network, no disk. Shows the harness's own ceiling, and lets the
 * tests run {@code kiln bench} end to end without a cluster.
 */
public final class InMemoryTarget implements BenchTarget {

  private final ConcurrentNavigableMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void put(byte[] key, byte[] value) {
    map.put(key.clone(), value.clone());
  }

  @Override
  public boolean get(byte[] key) {
    return map.containsKey(key);
  }

  @Override
  public int scan(byte[] start, int limit) {
    int n = 0;
    for (byte[] ignored : map.tailMap(start, true).keySet()) {
      if (++n >= limit) {
        break;
      }
    }
    return n;
  }

  @Override
  public synchronized boolean transfer(byte[] first, byte[] second, byte[] firstValue, byte[] secondValue) {
    map.get(first);
    map.get(second);
    put(first, firstValue);
    put(second, secondValue);
    return true;
  }

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  /** How many keys the map holds. */
  public int size() {
    return map.size();
  }

  @Override
  public void close() {}
}
