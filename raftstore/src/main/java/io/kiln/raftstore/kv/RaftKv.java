package io.kiln.raftstore.kv;

import io.kiln.proto.Kvrpcpb;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The raftstore as the transaction layer sees it (TiKV's {@code RaftKv}): writes are replicated
 * through the region's raft group and complete once applied; snapshots are linearizable reads of
 * the region (a lease read on a leader that holds one, a ReadIndex round otherwise). The context
 * names the region, its epoch and the peer the client thinks is the leader; a mismatch completes
 * the future exceptionally with a {@link RegionErrorException}.
 */
public interface RaftKv {

  CompletableFuture<Void> asyncWrite(Kvrpcpb.Context ctx, List<Modify> modifies);

  CompletableFuture<RegionSnapshot> asyncSnapshot(Kvrpcpb.Context ctx);
}
