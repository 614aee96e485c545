package io.kiln.storage.kv;

import io.kiln.engine.KvEngine;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link RaftKv} over one kv engine with no replication (TinyKV's standalone storage): a write is
 * one synced engine write batch, a snapshot is an engine snapshot of one region that spans every
 * key. For command-level tests and simulation; a store serves through the raftstore's
 * {@code RaftStoreKv}.
 */
public final class StandaloneKv implements RaftKv {

  private final KvEngine engine;
  private final boolean sync;

  public StandaloneKv(KvEngine engine, boolean sync) {
    this.engine = engine;
    this.sync = sync;
  }

  @Override
  public CompletableFuture<Void> asyncWrite(Kvrpcpb.Context ctx, List<Modify> modifies) {
    try {
      write(modifies);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<RegionSnapshot> asyncSnapshot(Kvrpcpb.Context ctx) {
    Metapb.Region region = Metapb.Region.newBuilder().setId(ctx.getRegionId())
        .setRegionEpoch(Metapb.RegionEpoch.newBuilder().setConfVer(1).setVersion(1)).build();
    return CompletableFuture.completedFuture(new RegionSnapshot(engine.snapshot(), region));
  }

  /** Applies {@code modifies} in one engine write batch. */
  public void write(List<Modify> modifies) {
    if (modifies.isEmpty()) {
      return;
    }
    try (WriteBatch wb = engine.newWriteBatch()) {
      fill(wb, modifies);
      engine.write(wb, sync);
    }
  }

  private static void fill(WriteBatch wb, List<Modify> modifies) {
    for (Modify m : modifies) {
      if (m instanceof Modify.Put p) {
        wb.put(p.cf(), Keys.dataKey(p.key()), p.value());
      } else if (m instanceof Modify.Delete d) {
        wb.delete(d.cf(), Keys.dataKey(d.key()));
      } else {
        Modify.DeleteRange r = (Modify.DeleteRange) m;
        byte[] end = r.end() == null || r.end().length == 0 ? Keys.DATA_MAX_KEY : Keys.dataKey(r.end());
        wb.deleteRange(r.cf(), Keys.dataKey(r.start()), end);
      }
    }
  }
}
