/**
 * MVCC in TiKV's layout, the foundation the Percolator commands stand on.
 *
 * <p>Three column families hold a transactional key (see {@link io.kiln.storage.mvcc.KeyCodec}):
 * <ul>
 *   <li>{@code lock}: {@code encode(key)} -> {@link io.kiln.storage.mvcc.Lock}, the lock of an
 *       unfinished transaction (at most one per key);
 *   <li>{@code write}: {@code encode(key) + ~commit_ts} -> {@link io.kiln.storage.mvcc.Write}, a
 *       commit record (Put/Delete/Lock) or a rollback record (stored at start_ts), newest first;
 *   <li>{@code default}: {@code encode(key) + ~start_ts} -> the value, when it is longer than
 *       {@link io.kiln.storage.mvcc.Write#SHORT_VALUE_MAX_LEN} bytes (shorter values are inlined in
 *       the lock and then in the write record).
 * </ul>
 *
 * <p>Reads go through {@link io.kiln.storage.mvcc.MvccReader} (lock, write seeks, commit record of
 * a transaction, lock scans), {@link io.kiln.storage.mvcc.PointGetter} and
 * {@link io.kiln.storage.mvcc.VersionScanner} (with the snapshot-isolation lock check of
 * {@link io.kiln.storage.mvcc.LockConflicts}); writes are buffered in an
 * {@link io.kiln.storage.mvcc.MvccTxn}. Errors are {@link io.kiln.storage.mvcc.MvccError}s. Keys
 * handed to a {@code RegionSnapshot} or a {@code Modify} are always the encoded ones.
 */
package io.kiln.storage.mvcc;
