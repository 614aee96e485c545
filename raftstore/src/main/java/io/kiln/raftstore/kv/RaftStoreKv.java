package io.kiln.raftstore.kv;

import com.google.protobuf.ByteString;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.DeleteRangeRequest;
import io.kiln.proto.RaftCmdpb.DeleteRequest;
import io.kiln.proto.RaftCmdpb.PutRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftRequestHeader;
import io.kiln.proto.RaftCmdpb.Request;
import io.kiln.proto.RaftCmdpb.SnapRequest;
import io.kiln.raftstore.CmdResult;
import io.kiln.raftstore.RaftStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link RaftKv} over a {@link RaftStore}: each call becomes one raft command. */
public final class RaftStoreKv implements RaftKv {

  private final RaftStore store;

  public RaftStoreKv(RaftStore store) {
    this.store = store;
  }

  @Override
  public CompletableFuture<Void> asyncWrite(Kvrpcpb.Context ctx, List<Modify> modifies) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (modifies.isEmpty()) {
      f.complete(null);
      return f;
    }
    RaftCmdRequest.Builder cmd = RaftCmdRequest.newBuilder().setHeader(header(ctx));
    for (Modify m : modifies) {
      cmd.addRequests(toRequest(m));
    }
    store.propose(cmd.build(), r -> {
      if (r.ok()) {
        f.complete(null);
      } else {
        f.completeExceptionally(new RegionErrorException(r.response().getHeader().getError()));
      }
    });
    return f;
  }

  @Override
  public CompletableFuture<RegionSnapshot> asyncSnapshot(Kvrpcpb.Context ctx) {
    CompletableFuture<RegionSnapshot> f = new CompletableFuture<>();
    RaftCmdRequest cmd = RaftCmdRequest.newBuilder().setHeader(header(ctx))
        .addRequests(Request.newBuilder().setCmdType(CmdType.Snap).setSnap(SnapRequest.getDefaultInstance()))
        .build();
    store.propose(cmd, (CmdResult r) -> {
      if (!r.ok()) {
        f.completeExceptionally(new RegionErrorException(r.response().getHeader().getError()));
        return;
      }
      RegionSnapshot snap = new RegionSnapshot(r.snapshot(), r.response().getResponses(0).getSnap().getRegion(),
          r.response().getHeader().getCurrentTerm());
      if (!f.complete(snap)) {
        snap.close();
      }
    });
    return f;
  }

  private static RaftRequestHeader header(Kvrpcpb.Context ctx) {
    RaftRequestHeader.Builder h = RaftRequestHeader.newBuilder().setRegionId(ctx.getRegionId())
        .setPeer(ctx.getPeer()).setTerm(ctx.getTerm());
    if (ctx.hasRegionEpoch()) {
      h.setRegionEpoch(ctx.getRegionEpoch());
    }
    return h.build();
  }

  private static Request toRequest(Modify m) {
    if (m instanceof Modify.Put p) {
      return Request.newBuilder().setCmdType(CmdType.Put).setPut(PutRequest.newBuilder()
          .setCf(p.cf()).setKey(ByteString.copyFrom(p.key())).setValue(ByteString.copyFrom(p.value()))).build();
    }
    if (m instanceof Modify.Delete d) {
      return Request.newBuilder().setCmdType(CmdType.Delete).setDelete(DeleteRequest.newBuilder()
          .setCf(d.cf()).setKey(ByteString.copyFrom(d.key()))).build();
    }
    Modify.DeleteRange d = (Modify.DeleteRange) m;
    return Request.newBuilder().setCmdType(CmdType.DeleteRange)
          .setDeleteRange(DeleteRangeRequest.newBuilder().setCf(d.cf()).setStartKey(ByteString.copyFrom(d.start()))
              .setEndKey(d.end() == null ? ByteString.EMPTY : ByteString.copyFrom(d.end()))).build();
  }
}
