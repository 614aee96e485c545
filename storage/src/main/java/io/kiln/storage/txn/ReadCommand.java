package io.kiln.storage.txn;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;

/**
 * A transactional read (KvGet, KvBatchGet, KvScan, KvScanLock): no latches, no write; it runs on a
 * read worker over a snapshot of the region named by {@link #ctx()} (a lease read or a ReadIndex
 * round underneath).
 *
 * @param <R> the kvrpcpb response this command answers with
 */
public interface ReadCommand<R> {

  Kvrpcpb.Context ctx();

  String tag();

  R processRead(RegionSnapshot snapshot, TxnContext context);
}
