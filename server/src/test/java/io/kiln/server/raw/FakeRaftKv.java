package io.kiln.server.raw;

import io.kiln.engine.MemoryKvEngine;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb.Region;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.RegionErrors;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RegionErrorException;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One region on a memory engine without raft: writes apply at once (or later, on {@code
 * completer}, to let concurrent commands interleave), snapshots are engine snapshots. A request
 * for another region id gets RegionNotFound.
 */
final class FakeRaftKv implements RaftKv {

  final MemoryKvEngine engine = new MemoryKvEngine();
  final Region region;
  private final Executor completer;

  FakeRaftKv(Region region, Executor completer) {
    this.region = region;
    this.completer = completer;
  }

  @Override
  public CompletableFuture<Void> asyncWrite(Kvrpcpb.Context ctx, List<Modify> modifies) {
    if (ctx.getRegionId() != region.getId()) {
      return CompletableFuture.failedFuture(new RegionErrorException(RegionErrors.regionNotFound(ctx.getRegionId())));
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    completer.execute(() -> {
      try (WriteBatch wb = engine.newWriteBatch()) {
        for (Modify m : modifies) {
          if (m instanceof Modify.Put p) {
            wb.put(p.cf(), Keys.dataKey(p.key()), p.value());
          } else if (m instanceof Modify.Delete d) {
            wb.delete(d.cf(), Keys.dataKey(d.key()));
          } else {
            Modify.DeleteRange r = (Modify.DeleteRange) m;
            wb.deleteRange(r.cf(), Keys.dataKey(r.start()),
                r.end() == null ? Keys.dataEndKey(region.getEndKey()) : Keys.dataKey(r.end()));
          }
        }
        engine.write(wb, false);
        f.complete(null);
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  @Override
  public CompletableFuture<RegionSnapshot> asyncSnapshot(Kvrpcpb.Context ctx) {
    if (ctx.getRegionId() != region.getId()) {
      return CompletableFuture.failedFuture(new RegionErrorException(RegionErrors.regionNotFound(ctx.getRegionId())));
    }
    return CompletableFuture.completedFuture(new RegionSnapshot(engine.snapshot(), region));
  }
}
