package io.kiln.pd.storage;

import java.util.List;

/**
 * Where PD keeps every piece of durable state: a small ordered key-value store with atomic,
 * durable batches, like the etcd that PD itself runs on. Everything PD must not forget (cluster
 * identity, bootstrap, stores, regions, the ID and TSO windows, GC safe points) goes through
 * this interface, laid out by {@link MetaKeys}; the rest (heartbeat statistics, leaders,
 * operators in flight) is rebuilt from heartbeats.
 *
 * <p>This is the seam for replicating PD: a raft-replicated implementation proposes each {@link
 * #write} to its group and returns once the batch is committed and applied; a PD that becomes
 * leader reloads its caches from here (as {@code PdServer.start} does after a restart) and
 * continues the TSO from the persisted window.
 *
 * <p>Implementations are thread-safe.
 */
public interface MetaStorage {

  /** The value of {@code key}, or null if absent. */
  byte[] get(byte[] key);

  /** Every entry whose key starts with {@code prefix}, in unsigned byte order of keys. */
  List<MetaEntry> scan(byte[] prefix);

  /**
   * Applies {@code writes} atomically and durably: when this returns, all of them survive a
   * crash; if it throws, none of them was applied.
   *
   * @throws io.kiln.engine.EngineException (or another runtime exception) when the write fails
   */
  void write(List<MetaWrite> writes);

  /** Writes one key: {@code write(List.of(MetaWrite.put(key, value)))}. */
  default void put(byte[] key, byte[] value) {
    write(List.of(MetaWrite.put(key, value)));
  }
}
