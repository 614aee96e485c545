package io.kiln.storage.mvcc;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads MVCC data from one region snapshot (TiKV's {@code MvccReader}): a key's lock, its write
 * records seeking from a timestamp downwards, the value a write points at, the record of one
 * transaction, and a range of locks. Keys are encoded ({@link KeyCodec#encode}). Close it when
 * done (it keeps a write CF cursor); the snapshot belongs to the caller.
 */
public final class MvccReader implements AutoCloseable {

  private final RegionSnapshot snapshot;
  private EngineIterator writeCursor;

  public MvccReader(RegionSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  public RegionSnapshot snapshot() {
    return snapshot;
  }

  /** The lock of {@code key}, or null. */
  public Lock loadLock(byte[] key) {
    byte[] v = snapshot.get(Cf.LOCK, key);
    return v == null ? null : Lock.parse(v);
  }

  /** The newest write record of {@code key} with commit_ts <= {@code ts}, or null. */
  public VersionedWrite seekWrite(byte[] key, long ts) {
    EngineIterator it = writeCursor();
    if (!it.seek(KeyCodec.appendTs(key, ts))) {
      return null;
    }
    byte[] found = it.key();
    if (!KeyCodec.isVersionOf(found, key)) {
      return null;
    }
    return new VersionedWrite(KeyCodec.decodeTs(found), Write.parse(it.value()));
  }

  /**
   * The Put visible at {@code ts} (TiKV's {@code get_write}): seeks down from ts, skipping Lock
   * and Rollback records; a Delete, no record, or a GC fence at or below ts means none (null).
   */
  public VersionedWrite getWrite(byte[] key, long ts) {
    long seekTs = ts;
    while (true) {
      VersionedWrite vw = seekWrite(key, seekTs);
      if (vw == null) {
        return null;
      }
      switch (vw.write().type()) {
        case PUT:
          return vw.write().isLatestVersionAt(ts) ? vw : null;
        case DELETE:
          return null;
        default:
          if (vw.commitTs() == 0) {
            return null;
          }
          seekTs = vw.commitTs() - 1;
      }
    }
  }

  /** The value of a Put record: inlined, or from the default CF at {@code key + start_ts}. */
  public byte[] loadData(byte[] key, Write write) {
    if (write.shortValue() != null) {
      return write.shortValue();
    }
    byte[] v = snapshot.get(Cf.DEFAULT, KeyCodec.appendTs(key, write.startTs()));
    if (v == null) {
      throw new MvccError.DefaultNotFound(KeyCodec.decode(key), write.startTs());
    }
    return v;
  }

  /** The value a Put lock carries: its short value or the default CF at {@code key + lock ts}. */
  public byte[] loadDataFromLock(byte[] key, Lock lock) {
    if (lock.shortValue() != null) {
      return lock.shortValue();
    }
    byte[] v = snapshot.get(Cf.DEFAULT, KeyCodec.appendTs(key, lock.startTs()));
    if (v == null) {
      throw new MvccError.DefaultNotFound(KeyCodec.decode(key), lock.startTs());
    }
    return v;
  }

  /** The value visible at {@code ts}, or null (no lock check: see {@link PointGetter}). */
  public byte[] get(byte[] key, long ts) {
    VersionedWrite vw = getWrite(key, ts);
    return vw == null ? null : loadData(key, vw.write());
  }

  /**
   * What the write CF holds about the transaction {@code startTs} on {@code key} (TiKV's
   * {@code get_txn_commit_record}): walks the records from the newest down to commit_ts ==
   * start_ts, looking for one with that start_ts.
   */
  public TxnCommitRecord getTxnCommitRecord(byte[] key, long startTs) {
    long seekTs = ReadOptions.MAX_TS;
    Write overlapped = null;
    while (true) {
      VersionedWrite vw = seekWrite(key, seekTs);
      if (vw == null) {
        break;
      }
      Write w = vw.write();
      if (w.startTs() == startTs) {
        return new TxnCommitRecord.SingleRecord(vw.commitTs(), w);
      }
      if (vw.commitTs() == startTs) {
        if (w.hasOverlappedRollback()) {
          return new TxnCommitRecord.OverlappedRollback(vw.commitTs());
        }
        overlapped = w;
      }
      if (vw.commitTs() <= startTs) {
        break;
      }
      seekTs = vw.commitTs() - 1;
    }
    return new TxnCommitRecord.None(overlapped);
  }

  /**
   * Up to {@code limit} locks (0: no limit) in {@code [start, end)} (null: the region's bounds)
   * that {@code filter} accepts, in key order; {@link ScannedLocks#hasMore} says the limit cut
   * the scan short.
   */
  public ScannedLocks scanLocks(byte[] start, byte[] end, Predicate<Lock> filter, int limit) {
    List<KeyLock> out = new ArrayList<>();
    try (EngineIterator it = snapshot.iterator(Cf.LOCK, start, end)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        Lock lock = Lock.parse(it.value());
        if (filter.test(lock)) {
          out.add(new KeyLock(it.key(), lock));
          if (limit > 0 && out.size() == limit) {
            return new ScannedLocks(out, it.next());
          }
        }
      }
    }
    return new ScannedLocks(out, false);
  }

  /** The result of {@link #scanLocks}. */
  public record ScannedLocks(List<KeyLock> locks, boolean hasMore) {}

  private EngineIterator writeCursor() {
    if (writeCursor == null) {
      writeCursor = snapshot.iterator(Cf.WRITE, null, null);
    }
    return writeCursor;
  }

  @Override
  public void close() {
    if (writeCursor != null) {
      writeCursor.close();
      writeCursor = null;
    }
  }
}
