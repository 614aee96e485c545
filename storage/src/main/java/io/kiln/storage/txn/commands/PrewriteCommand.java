package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import io.kiln.storage.txn.KeyErrors;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import io.kiln.storage.txn.actions.CommitKind;
import io.kiln.storage.txn.actions.Prewrite;
import io.kiln.storage.txn.actions.PrewriteOutcome;
import io.kiln.storage.txn.actions.PrewriteProps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * KvPrewrite: locks every mutation's key for the transaction {@code start_version}, optimistic or
 * pessimistic (mutations flagged in {@code is_pessimistic_lock} must hold the transaction's
 * pessimistic lock), 2PC, async commit ({@code use_async_commit}: the response's
 * {@code min_commit_ts} is the max over the keys) or 1PC ({@code try_one_pc}: commit records are
 * written at once, at {@code one_pc_commit_ts}).
 *
 * <p>As in TiKV: if any key is locked by another transaction nothing is written and every such
 * key is reported; any other error (write conflict, already exist...) stops the prewrite and is
 * the only error reported. A min_commit_ts above {@code max_commit_ts} makes async commit and 1PC
 * fall back to 2PC (the response then has neither timestamp). A repeated prewrite is harmless.
 */
public final class PrewriteCommand implements WriteCommand<Kvrpcpb.PrewriteResponse> {

  private final Kvrpcpb.PrewriteRequest req;

  public PrewriteCommand(Kvrpcpb.PrewriteRequest req) {
    this.req = req;
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public Collection<byte[]> latchKeys() {
    List<byte[]> keys = new ArrayList<>(req.getMutationsCount());
    for (Kvrpcpb.Mutation m : req.getMutationsList()) {
      keys.add(CommandKeys.encode(m.getKey()));
    }
    return keys;
  }

  @Override
  public long writeBytes() {
    long n = 0;
    for (Kvrpcpb.Mutation m : req.getMutationsList()) {
      n += m.getKey().size() + m.getValue().size();
    }
    return n;
  }

  @Override
  public String tag() {
    return "prewrite";
  }

  private PrewriteProps props() {
    CommitKind kind = req.getTryOnePc() ? CommitKind.ONE_PC
        : req.getUseAsyncCommit() ? CommitKind.ASYNC_COMMIT : CommitKind.TWO_PC;
    return new PrewriteProps(req.getStartVersion(), req.getPrimaryLock().toByteArray(),
        req.getLockTtl(), req.getTxnSize(), req.getForUpdateTs(), req.getMinCommitTs(),
        req.getMaxCommitTs(), kind, req.getSkipConstraintCheck(),
        req.getSecondariesList().stream().map(ByteString::toByteArray).toList());
  }

  @Override
  public WriteResult<Kvrpcpb.PrewriteResponse> processWrite(RegionSnapshot snapshot, TxnContext context) {
    PrewriteProps props = props();
    try (MvccReader reader = new MvccReader(snapshot)) {
      WriteResult<Kvrpcpb.PrewriteResponse> result = attempt(reader, context, props);
      if (result == null) {
        // CommitTsTooLarge: fall back to a plain 2PC prewrite
        result = attempt(reader, context, props.withCommitKind(CommitKind.TWO_PC));
      }
      return result;
    }
  }

  /** One try with {@code props}; null if async commit / 1PC must fall back. */
  private WriteResult<Kvrpcpb.PrewriteResponse> attempt(MvccReader reader, TxnContext context,
      PrewriteProps props) {
    MvccTxn txn = new MvccTxn();
    Kvrpcpb.PrewriteResponse.Builder resp = Kvrpcpb.PrewriteResponse.newBuilder();
    List<PrewriteOutcome> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < req.getMutationsCount(); i++) {
        boolean pessimistic = i < req.getIsPessimisticLockCount() && req.getIsPessimisticLock(i);
        try {
          outcomes.add(Prewrite.prewrite(txn, reader, context.concurrencyManager(), props,
              req.getMutations(i), pessimistic));
        } catch (MvccError.KeyIsLocked locked) {
          resp.addErrors(KeyErrors.of(locked));
        }
      }
    } catch (MvccError.CommitTsTooLarge tooLarge) {
      release(txn);
      return null;
    } catch (MvccError e) {
      release(txn);
      return new WriteResult<>(List.of(),
          Kvrpcpb.PrewriteResponse.newBuilder().addErrors(KeyErrors.of(e)).build());
    }
    if (resp.getErrorsCount() > 0) {
      release(txn);
      return new WriteResult<>(List.of(), resp.build());
    }
    long maxMinCommitTs = 0;
    long committedTs = 0;
    for (PrewriteOutcome o : outcomes) {
      maxMinCommitTs = Math.max(maxMinCommitTs, o.minCommitTs());
      committedTs = Math.max(committedTs, o.committedTs());
    }
    if (props.commitKind() == CommitKind.ONE_PC) {
      long commitTs = maxMinCommitTs != 0 ? maxMinCommitTs : committedTs;
      for (PrewriteOutcome o : outcomes) {
        if (o.lock() == null) {
          continue;
        }
        txn.putWrite(o.key(), commitTs,
            new Write(WriteType.fromLockType(o.lock().type()), props.startTs(), o.lock().shortValue()));
        if (o.replacedPessimisticLock()) {
          txn.unlockKey(o.key());
        }
      }
      resp.setOnePcCommitTs(commitTs);
    } else if (props.commitKind() == CommitKind.ASYNC_COMMIT) {
      resp.setMinCommitTs(maxMinCommitTs);
    }
    return new WriteResult<>(txn.modifies(), resp.build(), txn.guards(), null);
  }

  private static void release(MvccTxn txn) {
    for (AutoCloseable guard : txn.guards()) {
      try {
        guard.close();
      } catch (Exception e) {
        throw new IllegalStateException("releasing a memory lock failed", e);
      }
    }
  }
}
