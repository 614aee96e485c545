package io.kiln.raftstore.peer;

import io.kiln.engine.Cf;
import io.kiln.engine.RaftLogBatch;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Metapb.Region;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.StoreContext;

/**
 * Removing a peer's traces from a store once it left its region: the raft log and raft state go,
 * and the region's data (this store holds no other peer over that range). The RegionLocalState
 * stays, as a Tombstone written by apply, so a restart does not bring the peer back.
 */
final class PeerLifecycle {

  private PeerLifecycle() {}

  static void destroy(StoreContext ctx, Region region) {
    try (RaftLogBatch rb = ctx.raftEngine().newBatch()) {
      ctx.raftEngine().clean(region.getId(), rb);
      ctx.raftEngine().consume(rb, true);
    }
    try (WriteBatch wb = ctx.kv().newWriteBatch()) {
      byte[] start = Keys.dataKey(region.getStartKey());
      byte[] end = Keys.dataEndKey(region.getEndKey());
      for (String cf : Cf.DATA) {
        wb.deleteRange(cf, start, end);
      }
      ctx.kv().write(wb, false);
    }
  }
}
