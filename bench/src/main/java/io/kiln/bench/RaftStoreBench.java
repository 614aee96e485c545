package io.kiln.bench;

import com.google.protobuf.ByteString;
import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksEngines;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.PutRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftRequestHeader;
import io.kiln.proto.RaftCmdpb.Request;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.CmdResult;
import io.kiln.raftstore.RaftStore;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.raftstore.StoreBootstrap;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Put throughput and latency of a 3-store in-process cluster on RocksDB with fsync (the raft
 * engine is synced before anything is acknowledged), driven by N closed-loop writers. Stores talk
 * through an in-process transport (one delivery thread per store), so the figures are the
 * raftstore's own: batching, group commit, apply. Prints ops/s, latency percentiles and the
 * leader's raft-engine fsyncs per second (group commit at work: fsyncs/s well below ops/s).
 *
 * <p>Run: {@code java -cp bench/target/kiln-benchmarks.jar io.kiln.bench.RaftStoreBench
 * [writers=1,64] [seconds=10] [keySize=16] [valueSize=100]}
 */
public final class RaftStoreBench {

  public static void main(String[] args) throws Exception {
    String[] writerCounts = (args.length > 0 ? args[0] : "1,64").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int keySize = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int valueSize = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    System.out.printf("raftstore put benchmark: 3 stores, RocksDB with fsync, %d B keys, %d B values, %d s per run%n",
        keySize, valueSize, seconds);
    System.out.println("writers,ops_per_s,p50_us,p90_us,p99_us,p999_us,leader_fsyncs_per_s,leader_raft_writes_per_s");
    for (String w : writerCounts) {
      run(Integer.parseInt(w.trim()), seconds, keySize, valueSize);
    }
    System.exit(0);
  }

  static void run(int writers, int seconds, int keySize, int valueSize) throws Exception {
    Path dir = Files.createTempDirectory("kiln-bench-");
    RaftStore[] stores = new RaftStore[4];
    RocksEngines[] engines = new RocksEngines[4];
    ExecutorService[] net = new ExecutorService[4];
    RaftStoreConfig cfg = RaftStoreConfig.builder().raftBaseTickIntervalMs(100).maxLeaderLeaseMs(800)
        .storePoolSize(1).applyPoolSize(1).build();
    Region.Builder region = Region.newBuilder().setId(1)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1));
    for (int s = 1; s <= 3; s++) {
      region.addPeers(Peer.newBuilder().setId(100 + s).setStoreId(s));
    }
    try {
      for (int s = 1; s <= 3; s++) {
        engines[s] = RocksEngines.open(dir.resolve("store" + s), RocksEngineOptions.small());
        StoreBootstrap.bootstrapStore(engines[s].kv(), 1, s);
        StoreBootstrap.bootstrapFirstRegion(engines[s].kv(), engines[s].raft(), region.build());
        net[s] = Executors.newSingleThreadExecutor();
      }
      for (int s = 1; s <= 3; s++) {
        stores[s] = new RaftStore(s, cfg, engines[s].kv(), engines[s].raft(), m -> deliver(stores, net, m),
            System::nanoTime, dir.resolve("snap" + s));
        stores[s].start();
      }
      int leader = 0;
      while (leader == 0) {
        Thread.sleep(50);
        for (int s = 1; s <= 3; s++) {
          if (stores[s].isLeader(1)) {
            leader = s;
          }
        }
      }
      RaftStore ls = stores[leader];
      Peer peer = ls.peer(1).orElseThrow();
      ConcurrentHistogram latency = new ConcurrentHistogram(3);
      AtomicLong ops = new AtomicLong();
      long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
      long[] syncs = new long[2];
      long[] writes = new long[2];
      List<Thread> threads = new ArrayList<>();
      byte[] value = new byte[valueSize];
      for (int w = 0; w < writers; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          long i = 0;
          while (true) {
            long now = System.nanoTime();
            if (now > end) {
              return;
            }
            byte[] key = ByteBuffer.allocate(keySize).putInt(id).putLong(i++ % 100_000).array();
            RaftCmdRequest req = RaftCmdRequest.newBuilder().setHeader(RaftRequestHeader.newBuilder()
                    .setRegionId(1).setPeer(peer).setRegionEpoch(region.getRegionEpoch()))
                .addRequests(Request.newBuilder().setCmdType(CmdType.Put).setPut(PutRequest.newBuilder()
                    .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)))).build();
            CompletableFuture<CmdResult> f = new CompletableFuture<>();
            ls.propose(req, f::complete);
            CmdResult r = f.join();
            long done = System.nanoTime();
            if (!r.ok()) {
              throw new IllegalStateException(r.response().getHeader().getError().getMessage());
            }
            if (now > warmupEnd) {
              latency.recordValue((done - now) / 1000);
              ops.incrementAndGet();
            }
          }
        });
        threads.add(t);
        t.start();
      }
      Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
      syncs[0] = ls.writeStats().syncs();
      writes[0] = ls.writeStats().writes();
      for (Thread t : threads) {
        t.join();
      }
      syncs[1] = ls.writeStats().syncs();
      writes[1] = ls.writeStats().writes();
      System.out.printf("%d,%.0f,%d,%d,%d,%d,%.0f,%.0f%n", writers, ops.get() / (double) seconds,
          latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
          latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9),
          (syncs[1] - syncs[0]) / (double) seconds, (writes[1] - writes[0]) / (double) seconds);
    } finally {
      for (int s = 1; s <= 3; s++) {
        if (stores[s] != null) {
          stores[s].close();
        }
        if (net[s] != null) {
          net[s].shutdownNow();
        }
        if (engines[s] != null) {
          engines[s].close();
        }
      }
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void deliver(RaftStore[] stores, ExecutorService[] net, RaftMessage m) {
    int to = (int) m.getToPeer().getStoreId();
    net[to].execute(() -> {
      RaftStore s = stores[to];
      if (s != null) {
        s.onRaftMessage(m);
      }
    });
  }
}
