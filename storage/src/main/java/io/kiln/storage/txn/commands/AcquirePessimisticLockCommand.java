package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.MvccError;
import io.kiln.storage.mvcc.MvccReader;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import io.kiln.storage.txn.actions.AcquirePessimisticLock;
import io.kiln.storage.txn.actions.PessimisticLockKeyResult;
import io.kiln.storage.txn.actions.PessimisticLockProps;
import io.kiln.storage.txn.actions.PessimisticLockRolledBack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * KvPessimisticLock (TiKV's {@code commands::AcquirePessimisticLock}): takes the pessimistic lock
 * of every mutation's key (each mutation's op must be {@code PessimisticLock}; an assertion of
 * {@code NotExist} makes it {@code should_not_exist}), all or nothing: the first key that fails
 * fails the request, nothing is written, and {@code errors} holds that one key's error.
 *
 * <p>On success, {@code return_values} fills {@code values} (an empty value for a key without
 * one) and {@code not_founds}; {@code check_existence} alone fills {@code not_founds} only.
 *
 * <p>Not supported, unlike TiKV: Kiln has no lock waiting and no deadlock detector. A key locked
 * by another transaction answers {@code KeyIsLocked} at once whatever {@code wait_timeout} says,
 * and the client backs off and resolves the lock as after any {@code locked} error; no request
 * ever answers {@code deadlock}, and {@code is_first_lock} is ignored. The deprecated
 * {@code force} flag is ignored too (TiKV no longer reads it).
 */
public final class AcquirePessimisticLockCommand
    implements WriteCommand<Kvrpcpb.PessimisticLockResponse> {

  private final Kvrpcpb.PessimisticLockRequest req;
  private final List<byte[]> keys;

  public AcquirePessimisticLockCommand(Kvrpcpb.PessimisticLockRequest req) {
    this.req = req;
    this.keys = new ArrayList<>(req.getMutationsCount());
    for (Kvrpcpb.Mutation m : req.getMutationsList()) {
      keys.add(KeyCodec.encode(m.getKey().toByteArray()));
    }
  }

  @Override
  public Kvrpcpb.Context ctx() {
    return req.getContext();
  }

  @Override
  public Collection<byte[]> latchKeys() {
    return List.copyOf(keys);
  }

  /** The encoded keys' sizes, as TiKV counts them. */
  @Override
  public long writeBytes() {
    return CommandKeys.encodedSize(keys);
  }

  @Override
  public String tag() {
    return "acquire_pessimistic_lock";
  }

  @Override
  public WriteResult<Kvrpcpb.PessimisticLockResponse> processWrite(RegionSnapshot snapshot,
      TxnContext context) {
    for (Kvrpcpb.Mutation m : req.getMutationsList()) {
      if (m.getOp() != Kvrpcpb.Op.PessimisticLock) {
        return failed(new IllegalArgumentException(
            "mismatch Op in pessimistic lock mutations: " + m.getOp()));
      }
    }
    PessimisticLockProps props = new PessimisticLockProps(req.getPrimaryLock().toByteArray(),
        req.getStartVersion(), req.getLockTtl(), req.getForUpdateTs(), req.getReturnValues(),
        req.getCheckExistence(), req.getMinCommitTs());
    MvccTxn txn = new MvccTxn();
    List<PessimisticLockKeyResult> results = new ArrayList<>(keys.size());
    try (MvccReader reader = new MvccReader(snapshot)) {
      for (int i = 0; i < keys.size(); i++) {
        boolean shouldNotExist = req.getMutations(i).getAssertion() == Kvrpcpb.Assertion.NotExist;
        results.add(AcquirePessimisticLock.acquire(txn, reader, context.concurrencyManager(), props,
            keys.get(i), shouldNotExist));
      }
    } catch (MvccError | PessimisticLockRolledBack e) {
      return failed(e);
    }
    return new WriteResult<>(txn.modifies(), success(results));
  }

  private static WriteResult<Kvrpcpb.PessimisticLockResponse> failed(RuntimeException e) {
    return new WriteResult<>(List.of(), Kvrpcpb.PessimisticLockResponse.newBuilder()
        .addErrors(PessimisticKeyErrors.of(e)).build());
  }

  /** TiKV's legacy encoding of the results ({@code into_legacy_values_and_not_founds}). */
  private static Kvrpcpb.PessimisticLockResponse success(List<PessimisticLockKeyResult> results) {
    Kvrpcpb.PessimisticLockResponse.Builder b = Kvrpcpb.PessimisticLockResponse.newBuilder();
    for (PessimisticLockKeyResult r : results) {
      if (r instanceof PessimisticLockKeyResult.Value v) {
        b.addValues(v.value() == null ? ByteString.EMPTY : ByteString.copyFrom(v.value()));
        b.addNotFounds(v.value() == null);
      } else if (r instanceof PessimisticLockKeyResult.Existence e) {
        b.addNotFounds(!e.exists());
      }
    }
    return b.build();
  }
}
