package io.kiln.server.txn;

import com.google.protobuf.Message;
import io.kiln.storage.Storage;
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
