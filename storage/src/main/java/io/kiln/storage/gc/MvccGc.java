package io.kiln.storage.gc;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MVCC garbage collection of one region below a safe point (TiKV's {@code gc} of a key, run over a
 * range): for each key, walking its versions from the newest down, the versions committed after
 * the safe point are kept; of the others, the first Put is the value a reader at the safe point
 * sees and is kept, a first Delete means the key did not exist then and is removed, Rollback and
 * Lock records are removed, and everything older than the first Put or Delete is removed, values
 * in the default CF included. No transaction reads below the safe point, so nothing it removes
 * can be observed.
 *
 * <p>A pure function over a snapshot: it returns the deletions for at most {@code maxKeys} keys
 * and where to continue, and writes nothing.
 */
public final class MvccGc {

  /** A batch stops at the next key once it has this many deletions (one raft entry stays small). */
  static final int MAX_DELETES = 4096;

  private MvccGc() {}

  /**
   * @param deletes the modifications that remove the collected versions
   * @param nextKey the encoded key to continue from, or null when the range is done
   * @param keysScanned keys looked at
   * @param versionsDeleted write records removed
   */
  public record Batch(List<Modify> deletes, byte[] nextKey, int keysScanned, int versionsDeleted) {}

  /**
   * Collects versions at or below {@code safePoint} of the keys in {@code [start, end)} (encoded
   * keys; null: the region's bounds), stopping after {@code maxKeys} keys or,
   * at a key boundary, after {@link #MAX_DELETES} deletions.
   */
  public static Batch collect(RegionSnapshot snapshot, byte[] start, byte[] end, long safePoint, int maxKeys) {
    List<Modify> deletes = new ArrayList<>();
    int keys = 0;
    int removed = 0;
    try (EngineIterator it = snapshot.iterator(Cf.WRITE, start, end)) {
      boolean valid = start == null ? it.seekToFirst() : it.seek(start);
      byte[] current = null;
      boolean removeOlder = false;
      while (valid) {
        byte[] versionKey = it.key();
        byte[] userKey = KeyCodec.truncateTs(versionKey);
        if (current == null || !Arrays.equals(current, userKey)) {
          if (keys == maxKeys || deletes.size() >= MAX_DELETES) {
            return new Batch(deletes, userKey, keys, removed);
          }
          current = userKey;
          removeOlder = false;
          keys++;
        }
        long commitTs = KeyCodec.decodeTs(versionKey);
        if (commitTs <= safePoint) {
          Write write = Write.parse(it.value());
          boolean remove;
          if (removeOlder) {
            remove = true;
          } else if (write.type() == WriteType.PUT) {
            removeOlder = true;
            remove = false;
          } else if (write.type() == WriteType.DELETE) {
            removeOlder = true;
            remove = true;
          } else {
            remove = true;
          }
          if (remove) {
            deletes.add(new Modify.Delete(Cf.WRITE, versionKey));
            if (write.type() == WriteType.PUT && write.shortValue() == null) {
              deletes.add(new Modify.Delete(Cf.DEFAULT, KeyCodec.appendTs(userKey, write.startTs())));
            }
            removed++;
          }
        }
        valid = it.next();
      }
    }
    return new Batch(deletes, null, keys, removed);
  }
}
