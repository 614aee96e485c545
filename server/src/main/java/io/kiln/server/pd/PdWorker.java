package io.kiln.server.pd;

import io.grpc.stub.StreamObserver;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import io.kiln.proto.RaftCmdpb.AdminCmdType;
import io.kiln.proto.RaftCmdpb.AdminRequest;
import io.kiln.proto.RaftCmdpb.ChangePeerRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftRequestHeader;
import io.kiln.proto.RaftCmdpb.TransferLeaderRequest;
import io.kiln.raftstore.PdReporter;
import io.kiln.raftstore.RaftStore;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's conversation with PD (TiKV's pd worker): store heartbeats on a timer, region
 * heartbeats from the store's leaders on one long-lived stream (reopened when it breaks), and the
 * operators PD answers with (add or remove a peer, transfer leadership) turned into admin
 * commands on the region's leader. Everything runs on its own thread: raft threads only queue.
 */
public final class PdWorker implements PdReporter, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PdWorker.class);

  private final PdStoreClient pd;
  private final RaftStore store;
  private final Path dataDir;
  private final long storeHeartbeatMs;
  private final long startSeconds = System.currentTimeMillis() / 1000;
  private final ScheduledExecutorService executor;
  private StreamObserver<Pdpb.RegionHeartbeatRequest> stream;

  public PdWorker(PdStoreClient pd, RaftStore store, Path dataDir, long storeHeartbeatMs) {
    this.pd = pd;
    this.store = store;
    this.dataDir = dataDir;
    this.storeHeartbeatMs = storeHeartbeatMs;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pd-worker-" + store.storeId());
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    executor.scheduleWithFixedDelay(this::storeHeartbeat, 0, storeHeartbeatMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void regionHeartbeat(RegionHeartbeat hb) {
    executor.execute(() -> sendRegionHeartbeat(hb));
  }

  private void storeHeartbeat() {
    try {
      Pdpb.StoreStats.Builder stats = Pdpb.StoreStats.newBuilder().setStoreId(store.storeId())
          .setRegionCount(store.regionCount()).setStartTime((int) startSeconds)
          .setApplyingSnapCount(0);
      if (dataDir != null) {
        FileStore fs = Files.getFileStore(dataDir);
        stats.setCapacity(fs.getTotalSpace()).setAvailable(fs.getUsableSpace())
            .setUsedSize(Math.max(0, fs.getTotalSpace() - fs.getUsableSpace()));
      }
      pd.storeHeartbeat(stats.build());
    } catch (Exception e) {
      LOG.warn("store {}: store heartbeat to PD failed: {}", store.storeId(), e.toString());
    }
  }

  private void sendRegionHeartbeat(RegionHeartbeat hb) {
    try {
      if (stream == null) {
        stream = pd.regionHeartbeats(this::onResponse, t -> {
          try {
            executor.execute(() -> {
              LOG.info("store {}: region heartbeat stream closed ({}); reopening", store.storeId(),
                  t == null ? "completed" : t.toString());
              stream = null;
            });
          } catch (java.util.concurrent.RejectedExecutionException e) {
            // the worker is closing
          }
        });
      }
      stream.onNext(Pdpb.RegionHeartbeatRequest.newBuilder().setHeader(pd.header())
          .setRegion(hb.region()).setLeader(hb.leader()).setTerm(hb.term())
          .addAllPendingPeers(hb.pendingPeers()).setApproximateKeys(hb.approximateKeys()).build());
    } catch (Exception e) {
      LOG.warn("store {}: region heartbeat for region {} failed: {}", store.storeId(), hb.region().getId(), e.toString());
      stream = null;
    }
  }

  /** PD's answer: an operator to run on the region's leader, if any. */
  private void onResponse(Pdpb.RegionHeartbeatResponse r) {
    Metapb.Peer self = store.peer(r.getRegionId()).orElse(null);
    if (self == null) {
      return;
    }
    RaftRequestHeader header = RaftRequestHeader.newBuilder().setRegionId(r.getRegionId()).setPeer(self)
        .setRegionEpoch(r.getRegionEpoch()).build();
    AdminRequest admin;
    if (r.hasChangePeer()) {
      admin = AdminRequest.newBuilder().setCmdType(AdminCmdType.ChangePeer)
          .setChangePeer(ChangePeerRequest.newBuilder().setChangeType(r.getChangePeer().getChangeType())
              .setPeer(r.getChangePeer().getPeer())).build();
    } else if (r.hasTransferLeader()) {
      admin = AdminRequest.newBuilder().setCmdType(AdminCmdType.TransferLeader)
          .setTransferLeader(TransferLeaderRequest.newBuilder().setPeer(r.getTransferLeader().getPeer())).build();
    } else {
      return;
    }
    LOG.info("store {}: PD asks region {} for {}", store.storeId(), r.getRegionId(), admin.getCmdType());
    store.propose(RaftCmdRequest.newBuilder().setHeader(header).setAdminRequest(admin).build(), res -> {
      if (!res.ok()) {
        LOG.info("store {}: operator {} on region {} refused: {}", store.storeId(), admin.getCmdType(),
            r.getRegionId(), res.response().getHeader().getError().getMessage());
      }
    });
  }

  @Override
  public void close() {
    executor.shutdownNow();
    StreamObserver<Pdpb.RegionHeartbeatRequest> s = stream;
    if (s != null) {
      try {
        s.onCompleted();
      } catch (RuntimeException e) {
        // the stream is already gone
      }
    }
  }
}
