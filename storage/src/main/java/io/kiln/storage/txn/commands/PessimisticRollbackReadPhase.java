package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyLock;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The read phase of a KvPessimisticRollback without keys (TiKV's
 * {@code PessimisticRollbackReadPhase}): with no latch, finds up to {@link #BATCH_SIZE} pessimistic
 * locks of the transaction (for_update_ts at most the request's) from {@code scanFrom} on, and
 * hands them to a {@link PessimisticRollbackCommand}, which removes them under their latches and,
 * if the batch was full, scans again from the last of them. No lock found: the request is done.
 */
final class PessimisticRollbackReadPhase
    implements WriteCommand<Kvrpcpb.PessimisticRollbackResponse> {

  /** TiKV's {@code RESOLVE_LOCK_BATCH_SIZE}. */
  static final int BATCH_SIZE = 256;

  private final Kvrpcpb.Context ctx;
  private final long startTs;
  private final long forUpdateTs;
  private final byte[] scanFrom;

  /** {@code scanFrom}: the encoded key to scan from, or null for the region's start. */
  PessimisticRollbackReadPhase(Kvrpcpb.Context ctx, long startTs, long forUpdateTs,
      byte[] scanFrom) {
    this.ctx = ctx;
    this.startTs = startTs;
    this.forUpdateTs = forUpdateTs;
    this.scanFrom = scanFrom == null ? null : scanFrom.clone();
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return ctx;
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return List.of();
  }

  @Override
  public long writeBytes() {
    return 0;
  }

  @Override
  public String tag() {
    return "pessimistic_rollback_read_phase";
  }

  @Override
  public WriteResult<Kvrpcpb.PessimisticRollbackResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    MvccReader.ScannedLocks scanned;
    try (MvccReader reader = new MvccReader(snapshot)) {
      scanned = reader.scanLocks(scanFrom, null,
          lock -> PessimisticRollbackCommand.matches(lock, startTs, forUpdateTs), BATCH_SIZE);
    }
    Kvrpcpb.PessimisticRollbackResponse done =
        Kvrpcpb.PessimisticRollbackResponse.getDefaultInstance();
    if (scanned.locks().isEmpty()) {
      return new WriteResult<>(List.of(), done);
    }
    List<byte[]> keys = new ArrayList<>(scanned.locks().size());
    for (KeyLock kl : scanned.locks()) {
      keys.add(kl.key());
    }
    byte[] resumeFrom = scanned.hasMore() ? keys.get(keys.size() - 1) : null;
    return new WriteResult<>(List.of(), done, List.of(),
        new PessimisticRollbackCommand(ctx, startTs, forUpdateTs, keys, resumeFrom));
  }
}
