package io.kiln.raftstore.peer;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.engine.KvSnapshot;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.GetResponse;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.proto.RaftCmdpb.Request;
import io.kiln.proto.RaftCmdpb.Response;
import io.kiln.proto.RaftCmdpb.SnapResponse;
import io.kiln.raftstore.CmdCallback;
import io.kiln.raftstore.CmdResult;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.RegionErrors;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A leader's reads (TiKV's {@code LocalReader} and {@code ReadIndexQueue}). A read is served from
 * a kv engine snapshot without touching the raft log, either at once, when the leader holds a
 * valid {@link Lease} and has applied an entry of its own term, or after a ReadIndex round
 * confirmed leadership and the peer applied up to the read index. Reads that arrive in one poll
 * round share one ReadIndex round. Owned by the peer's poller thread.
 */
final class LocalReader {

  private final PeerFsm peer;
  final Lease lease;
  private final ArrayDeque<PendingRead> waiting = new ArrayDeque<>();
  private final List<PendingRead> unsent = new ArrayList<>();
  private long nextBatchId;

  LocalReader(PeerFsm peer, long maxLeaseNanos) {
    this.peer = peer;
    this.lease = new Lease(maxLeaseNanos);
  }

  /** A checked read-only command on the leader. */
  void read(RaftCmdRequest cmd, CmdCallback cb, long now) {
    if (lease.valid(now) && peer.appliedTerm == peer.raw.term()) {
      cb.onResult(serve(cmd)); // checked by the caller a moment ago
      return;
    }
    unsent.add(new PendingRead(0, cmd, cb, now, peer.raw.term()));
  }

  /** Starts one ReadIndex round for the reads collected in this poll round. */
  void flush(long now) {
    if (unsent.isEmpty()) {
      return;
    }
    long id = ++nextBatchId;
    try {
      peer.raw.readIndex(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()));
    } catch (RuntimeException e) {
      failAll(unsent, RegionErrors.notLeader(peer.regionId, peer.leaderPeer()));
      unsent.clear();
      return;
    }
    for (PendingRead r : unsent) {
      waiting.add(new PendingRead(id, r.request, r.callback, now, r.term));
    }
    unsent.clear();
  }

  /** Raft answered the round {@code ctx} with {@code index}. */
  void onReadState(ByteString ctx, long index) {
    if (ctx.size() != 8) {
      return;
    }
    long id = ctx.asReadOnlyByteBuffer().getLong();
    for (PendingRead r : waiting) {
      if (r.id == id && r.readIndex == 0) {
        r.readIndex = index;
        if (r.term == peer.raw.term()) {
          lease.renew(r.sentNanos); // a quorum acknowledged a heartbeat sent after this
        }
      }
    }
    serveReady();
  }

  /** Serves, in order, every read whose index the peer has applied. */
  void serveReady() {
    long applied = peer.storage.appliedIndex();
    while (!waiting.isEmpty()) {
      PendingRead r = waiting.peekFirst();
      if (r.readIndex == 0 || r.readIndex > applied) {
        return;
      }
      waiting.pollFirst();
      // the region may have changed while the read waited: check it again
      Errorpb.Error err = CommandChecks.check(peer, r.request);
      r.callback.onResult(err != null ? RegionErrors.result(err) : serve(r.request));
    }
  }

  /** Leadership was lost: no read may be served by this peer any more. */
  void onStepDown() {
    lease.expire();
    Errorpb.Error err = RegionErrors.notLeader(peer.regionId, peer.leaderPeer());
    failAll(waiting, err);
    waiting.clear();
    failAll(unsent, err);
    unsent.clear();
  }

  /** Fails reads that waited more than {@code maxWaitNanos} (their round was lost). */
  void expireOlderThan(long now, long maxWaitNanos) {
    for (Iterator<PendingRead> it = waiting.iterator(); it.hasNext(); ) {
      PendingRead r = it.next();
      if (now - r.sentNanos > maxWaitNanos) {
        it.remove();
        r.callback.onResult(RegionErrors.result(RegionErrors.staleCommand("read index round timed out")));
      }
    }
  }

  int waitingCount() {
    return waiting.size() + unsent.size();
  }

  private static void failAll(Iterable<PendingRead> reads, Errorpb.Error err) {
    for (PendingRead r : reads) {
      r.callback.onResult(RegionErrors.result(err));
    }
  }

  /** Executes a checked read-only command on a fresh engine snapshot. */
  private CmdResult serve(RaftCmdRequest cmd) {
    Region region = peer.storage.region();
    KvSnapshot snap = peer.ctx.kv().snapshot();
    boolean keep = false;
    try {
      RaftCmdResponse.Builder resp = RaftCmdResponse.newBuilder()
          .setHeader(RaftResponseHeader.newBuilder().setCurrentTerm(peer.raw.term()));
      for (Request r : cmd.getRequestsList()) {
        if (r.getCmdType() == CmdType.Get) {
          String cf = r.getGet().getCf().isEmpty() ? Cf.DEFAULT : r.getGet().getCf();
          byte[] v = snap.get(Cf.check(cf), Keys.dataKey(r.getGet().getKey()));
          GetResponse.Builder g = GetResponse.newBuilder();
          if (v != null) {
            g.setValue(ByteString.copyFrom(v));
          }
          resp.addResponses(Response.newBuilder().setCmdType(CmdType.Get).setGet(g));
        } else {
          resp.addResponses(Response.newBuilder().setCmdType(CmdType.Snap)
              .setSnap(SnapResponse.newBuilder().setRegion(region)));
          keep = true;
        }
      }
      CmdResult result = new CmdResult(resp.build(), keep ? snap : null);
      return result;
    } catch (RuntimeException e) {
      keep = false;
      return RegionErrors.result(RegionErrors.other("read failed: " + e.getMessage()));
    } finally {
      if (!keep) {
        snap.close();
      }
    }
  }
}
