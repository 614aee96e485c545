package io.kiln.server.raw;

import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Reads a region through a linearizable snapshot ({@link RaftKv#asyncSnapshot}) on the read pool:
 * the snapshot arrives on a raftstore thread, which must not spend time scanning, so the read
 * itself runs on {@code pool}. The snapshot is always closed.
 */
final class SnapshotReads {

  private final RaftKv kv;
  private final Executor pool;

  SnapshotReads(RaftKv kv, Executor pool) {
    this.kv = kv;
    this.pool = pool;
  }

  <T> CompletableFuture<T> read(Kvrpcpb.Context ctx, Function<RegionSnapshot, T> body) {
    CompletableFuture<T> out = new CompletableFuture<>();
    kv.asyncSnapshot(ctx).whenComplete((snap, err) -> {
      if (err != null) {
        out.completeExceptionally(err);
        return;
      }
      try {
        pool.execute(() -> {
          try (snap) {
            out.complete(body.apply(snap));
          } catch (Throwable t) {
            out.completeExceptionally(t);
          }
        });
      } catch (RejectedExecutionException e) {
        snap.close();
        out.completeExceptionally(e);
      }
    });
    return out;
  }
}
