package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The read phase of KvResolveLock: without latches, finds the next (at most
 * {@link ResolveLockCommands#BATCH_SIZE}) locks of the transactions in {@code txnStatus} from
 * {@code scanKey} on, and continues with a {@link ResolveLockCommand} that latches exactly those
 * keys. No lock left: the resolve is done.
 */
public final class ResolveLockReadPhase implements WriteCommand<Kvrpcpb.ResolveLockResponse> {

  private final Kvrpcpb.Context ctx;
  private final Map<Long, Long> txnStatus;
  private final byte[] scanKey;

  /**
   * @param txnStatus start_ts -> commit_ts (0: roll back)
   * @param scanKey the encoded key to scan from, or null for the region's start
   */
  public ResolveLockReadPhase(Kvrpcpb.Context ctx, Map<Long, Long> txnStatus, byte[] scanKey) {
    this.ctx = ctx;
    this.txnStatus = Map.copyOf(txnStatus);
    this.scanKey = scanKey;
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
    return "resolve_lock_read";
  }

  @Override
  public WriteResult<Kvrpcpb.ResolveLockResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    try (MvccReader reader = new MvccReader(snapshot)) {
      MvccReader.ScannedLocks found = reader.scanLocks(scanKey, null,
          lock -> txnStatus.containsKey(lock.startTs()), ResolveLockCommands.BATCH_SIZE);
      Kvrpcpb.ResolveLockResponse done = Kvrpcpb.ResolveLockResponse.getDefaultInstance();
      if (found.locks().isEmpty()) {
        return new WriteResult<>(List.of(), done);
      }
      return new WriteResult<>(List.of(), done, List.of(),
          new ResolveLockCommand(ctx, txnStatus, found.locks(), found.hasMore()));
    } catch (MvccError e) {
      return new WriteResult<>(List.of(),
          Kvrpcpb.ResolveLockResponse.newBuilder().setError(KeyErrors.of(e)).build());
    }
  }
}
