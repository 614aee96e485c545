package io.kiln.server.txn;

import com.google.protobuf.Message;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.Storage;
import io.kiln.storage.txn.commands.AcquirePessimisticLockCommand;
import io.kiln.storage.txn.commands.BatchGetCommand;
import io.kiln.storage.txn.commands.PessimisticRollbackCommand;
import io.kiln.storage.txn.commands.BatchRollbackCommand;
import io.kiln.storage.txn.commands.CheckSecondaryLocksCommand;
import io.kiln.storage.txn.commands.CheckTxnStatusCommand;
import io.kiln.storage.txn.commands.CleanupCommand;
import io.kiln.storage.txn.commands.CommitCommand;
import io.kiln.storage.txn.commands.GetCommand;
import io.kiln.storage.txn.commands.PrewriteCommand;
import io.kiln.storage.txn.commands.ResolveLockCommands;
import io.kiln.storage.txn.commands.ScanCommand;
import io.kiln.storage.txn.commands.ScanLockCommand;
import io.kiln.storage.txn.commands.TxnHeartBeatCommand;
import io.kiln.storage.txn.ReadCommand;
import io.kiln.storage.txn.WriteCommand;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The transactional RPCs of one store: each request becomes its storage command, reads go through
 * {@link Storage#read} and writes through {@link Storage#write}. The future always completes
 * normally: a region error or an unexpected failure is turned into the response TiKV would send
 * ({@link TxnResponses}).
 */
public final class TxnKv {

  private final Storage storage;

  public TxnKv(Storage storage) {
    this.storage = storage;
  }

  public CompletableFuture<Kvrpcpb.GetResponse> get(Kvrpcpb.GetRequest req) {
    return read(() -> new GetCommand(req), Kvrpcpb.GetResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.BatchGetResponse> batchGet(Kvrpcpb.BatchGetRequest req) {
    return read(() -> new BatchGetCommand(req), Kvrpcpb.BatchGetResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.ScanResponse> scan(Kvrpcpb.ScanRequest req) {
    return read(() -> new ScanCommand(req), Kvrpcpb.ScanResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.ScanLockResponse> scanLock(Kvrpcpb.ScanLockRequest req) {
    return read(() -> new ScanLockCommand(req), Kvrpcpb.ScanLockResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.PrewriteResponse> prewrite(Kvrpcpb.PrewriteRequest req) {
    return write(() -> new PrewriteCommand(req), Kvrpcpb.PrewriteResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.CommitResponse> commit(Kvrpcpb.CommitRequest req) {
    return write(() -> new CommitCommand(req), Kvrpcpb.CommitResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.CleanupResponse> cleanup(Kvrpcpb.CleanupRequest req) {
    return write(() -> new CleanupCommand(req), Kvrpcpb.CleanupResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.BatchRollbackResponse> batchRollback(Kvrpcpb.BatchRollbackRequest req) {
    return write(() -> new BatchRollbackCommand(req), Kvrpcpb.BatchRollbackResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.CheckTxnStatusResponse> checkTxnStatus(Kvrpcpb.CheckTxnStatusRequest req) {
    return write(() -> new CheckTxnStatusCommand(req), Kvrpcpb.CheckTxnStatusResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.CheckSecondaryLocksResponse> checkSecondaryLocks(
      Kvrpcpb.CheckSecondaryLocksRequest req) {
    return write(() -> new CheckSecondaryLocksCommand(req), Kvrpcpb.CheckSecondaryLocksResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.ResolveLockResponse> resolveLock(Kvrpcpb.ResolveLockRequest req) {
    return write(() -> ResolveLockCommands.of(req), Kvrpcpb.ResolveLockResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.PessimisticLockResponse> pessimisticLock(Kvrpcpb.PessimisticLockRequest req) {
    return write(() -> new AcquirePessimisticLockCommand(req), Kvrpcpb.PessimisticLockResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.PessimisticRollbackResponse> pessimisticRollback(
      Kvrpcpb.PessimisticRollbackRequest req) {
    return write(() -> new PessimisticRollbackCommand(req), Kvrpcpb.PessimisticRollbackResponse.getDefaultInstance());
  }

  public CompletableFuture<Kvrpcpb.TxnHeartBeatResponse> txnHeartBeat(Kvrpcpb.TxnHeartBeatRequest req) {
    return write(() -> new TxnHeartBeatCommand(req), Kvrpcpb.TxnHeartBeatResponse.getDefaultInstance());
  }

  private <R extends Message> CompletableFuture<R> read(Supplier<ReadCommand<R>> cmd, R defaultInstance) {
    CompletableFuture<R> f;
    try {
      f = storage.read(cmd.get());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.handle((r, e) -> e == null ? r : TxnResponses.failed(defaultInstance, e));
  }

  private <R extends Message> CompletableFuture<R> write(Supplier<WriteCommand<R>> cmd, R defaultInstance) {
    CompletableFuture<R> f;
    try {
      f = storage.write(cmd.get());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.handle((r, e) -> e == null ? r : TxnResponses.failed(defaultInstance, e));
  }
}
