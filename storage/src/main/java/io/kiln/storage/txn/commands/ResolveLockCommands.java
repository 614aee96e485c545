package io.kiln.storage.txn.commands;

import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.txn.WriteCommand;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the command for a KvResolveLock request: with {@code keys}, the lite form
 * ({@link ResolveLockLiteCommand}) resolves just those keys; otherwise a
 * {@link ResolveLockReadPhase} scans the region for the locks of the transactions named by
 * {@code start_version}/{@code commit_version} or by {@code txn_infos} (commit_ts 0: roll back).
 */
public final class ResolveLockCommands {

  private ResolveLockCommands() {}

  /** At most this many keys are resolved in one write (TiKV's {@code RESOLVE_LOCK_BATCH_SIZE}). */
  public static final int BATCH_SIZE = 256;

  public static WriteCommand<Kvrpcpb.ResolveLockResponse> of(Kvrpcpb.ResolveLockRequest req) {
    Map<Long, Long> txnStatus = new HashMap<>();
    if (req.getTxnInfosCount() > 0) {
      for (Kvrpcpb.TxnInfo info : req.getTxnInfosList()) {
        txnStatus.put(info.getTxn(), info.getStatus());
      }
    } else {
      txnStatus.put(req.getStartVersion(), req.getCommitVersion());
    }
    if (req.getKeysCount() > 0) {
      return new ResolveLockLiteCommand(req.getContext(), req.getStartVersion(),
          req.getCommitVersion(), CommandKeys.encodeAll(req.getKeysList()));
    }
    return new ResolveLockReadPhase(req.getContext(), txnStatus, null);
  }
}
