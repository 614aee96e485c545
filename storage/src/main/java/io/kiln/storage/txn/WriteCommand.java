package io.kiln.storage.txn;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.Collection;

/**
 * A transactional command that writes (TiKV's {@code WriteCommand}): prewrite, commit, rollback,
 * check txn status, resolve lock, ... The {@link io.kiln.storage.sched.Scheduler} runs it in seed
 * 000's order: take the latches of {@link #latchKeys()}, get a snapshot of the region named by
 * {@link #ctx()}, run {@link #processWrite} on a worker into buffered modifications, hand them to
 * {@code RaftKv.asyncWrite}, and answer with {@link WriteResult#response()} once they are applied.
 *
 * <p>{@code processWrite} only reads the snapshot and buffers; it never writes. A region error
 * from the snapshot or the write completes the command exceptionally with a
 * {@link io.kiln.raftstore.kv.RegionErrorException}, and the service puts it in the response's
 * {@code region_error}. Transaction errors (a lock in the way, a write conflict...) are part of
 * the response, as TiKV's {@code KeyError}s are.
 *
 * @param <R> the kvrpcpb response this command answers with
 */
public interface WriteCommand<R> {

  /** The region, epoch and peer the request was sent to. */
  Kvrpcpb.Context ctx();

  /**
   * The keys this command reads and writes, in one consistent byte form (the encoded MVCC keys,
   * without timestamps); commands on overlapping keys run one after the other. Empty for a command
   * that needs no latch.
   */
  Collection<byte[]> latchKeys();

  /** The bytes of user data this command carries, counted against the scheduler's pending-bytes limit. */
  long writeBytes();

  /** A short name for logs and metrics, such as {@code "prewrite"}. */
  String tag();

  /** Reads {@code snapshot} and returns what to write and what to answer. */
  WriteResult<R> processWrite(RegionSnapshot snapshot, TxnContext context);
}
