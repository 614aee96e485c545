package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * KvPessimisticRollback (TiKV's {@code commands::PessimisticRollback}): removes, from each key,
 * the pessimistic lock of transaction {@code start_version} if its for_update_ts is at most the
 * request's {@code for_update_ts}. Any other lock (another transaction's, this transaction's
 * prewrite lock, or a pessimistic lock of a later statement) stays, and no rollback record is
 * written: the transaction itself goes on (a statement is being retried or undone).
 *
 * <p>A request without keys rolls back every such lock of the region: a
 * {@link PessimisticRollbackReadPhase} finds a batch of them without latches, this command removes
 * them under their latches, and the scan goes on after them until none is left (TiKV's
 * {@code PessimisticRollbackReadPhase}).
 *
 * <p>The response has no errors unless the request is malformed; a key without a matching lock
 * is not an error.
 */
public final class PessimisticRollbackCommand
    implements WriteCommand<Kvrpcpb.PessimisticRollbackResponse> {

  private final Kvrpcpb.Context ctx;
  private final long startTs;
  private final long forUpdateTs;
  private final List<byte[]> keys;
  /** Where the region-wide scan resumes after this batch, or null (no scan, or the last batch). */
  private final byte[] scanFrom;
  /** A request without keys: the first step is the scan of the whole region. */
  private final boolean scanRegion;

  /** Rolls back the request's keys, or, without keys, every matching lock of the region. */
  public PessimisticRollbackCommand(Kvrpcpb.PessimisticRollbackRequest req) {
    this(req.getContext(), req.getStartVersion(), req.getForUpdateTs(),
        encodeAll(req.getKeysList()), null, req.getKeysCount() == 0);
  }

  /** A batch of a region-wide rollback: {@code encodedKeys}, then a scan from {@code scanFrom}. */
  PessimisticRollbackCommand(Kvrpcpb.Context ctx, long startTs, long forUpdateTs,
      List<byte[]> encodedKeys, byte[] scanFrom) {
    this(ctx, startTs, forUpdateTs, encodedKeys, scanFrom, false);
  }

  private PessimisticRollbackCommand(Kvrpcpb.Context ctx, long startTs, long forUpdateTs,
      List<byte[]> encodedKeys, byte[] scanFrom, boolean scanRegion) {
    this.ctx = ctx;
    this.startTs = startTs;
    this.forUpdateTs = forUpdateTs;
    this.keys = List.copyOf(encodedKeys);
    this.scanFrom = scanFrom == null ? null : scanFrom.clone();
    this.scanRegion = scanRegion;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return ctx;
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return keys;
  }

  @Override
  public long writeBytes() {
    return CommandKeys.encodedSize(keys);
  }

  @Override
  public String tag() {
    return "pessimistic_rollback";
  }

  @Override
  public WriteResult<Kvrpcpb.PessimisticRollbackResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    if (scanRegion) {
      // no keys and so no latches: this step only reads, and its next step writes
      return new PessimisticRollbackReadPhase(ctx, startTs, forUpdateTs, null)
          .processWrite(snapshot, context);
    }
    MvccTxn txn = new MvccTxn();
    try (MvccReader reader = new MvccReader(snapshot)) {
      for (byte[] key : keys) {
        Lock lock = reader.loadLock(key);
        if (lock != null && matches(lock, startTs, forUpdateTs)) {
          txn.unlockKey(key);
        }
      }
    }
    WriteCommand<Kvrpcpb.PessimisticRollbackResponse> next = scanFrom == null ? null
        : new PessimisticRollbackReadPhase(ctx, startTs, forUpdateTs, scanFrom);
    return new WriteResult<>(txn.modifies(),
        Kvrpcpb.PessimisticRollbackResponse.getDefaultInstance(), List.of(), next);
  }

  /** True if {@code lock} is a pessimistic lock this rollback removes. */
  static boolean matches(Lock lock, long startTs, long forUpdateTs) {
    return lock.isPessimisticLock() && lock.startTs() == startTs
        && lock.forUpdateTs() <= forUpdateTs;
  }

  private static List<byte[]> encodeAll(List<ByteString> raw) {
    List<byte[]> out = new ArrayList<>(raw.size());
    for (ByteString k : raw) {
      out.add(KeyCodec.encode(k.toByteArray()));
    }
    return out;
  }
}
