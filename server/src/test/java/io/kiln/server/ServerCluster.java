package io.kiln.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.TikvGrpc;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.raftstore.StoreBootstrap;
import io.kiln.server.transport.StaticStoreAddressResolver;
import io.kiln.server.transport.TransportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * {@code n} stores in one JVM, each a {@link StoreServer} on its own free localhost port over
 * memory engines, joined by real gRPC through a static resolver. Region 1 covers every key and
 * has a peer {@code 100 + s} on every store {@code s}, as the raftstore's MiniCluster.
 */
final class ServerCluster implements AutoCloseable {

  final int n;
  final RaftStoreConfig raftConfig;
  final ServerConfig config;
  final StaticStoreAddressResolver resolver = new StaticStoreAddressResolver();
  final KvEngine[] kvs;
  final RaftEngine[] rafts;
  final Path[] snapDirs;
  final StoreServer[] servers;
  private final ManagedChannel[] channels;

  /** Elections after 300-600 ms so a loaded 2-core machine does not depose leaders. */
  static RaftStoreConfig steady() {
    return RaftStoreConfig.forTests().toBuilder().raftElectionTimeoutTicks(30).maxLeaderLeaseMs(250).build();
  }

  static ServerConfig testConfig() {
    return ServerConfig.defaults().withShutdownGraceMs(500)
        .withTransport(TransportOptions.defaults().withReconnectBackoff(20, 200).withSnapshotChunkBytes(16 * 1024));
  }

  ServerCluster(int n, RaftStoreConfig raftConfig, ServerConfig config) {
    this.n = n;
    this.raftConfig = raftConfig;
    this.config = config;
    kvs = new KvEngine[n + 1];
    rafts = new RaftEngine[n + 1];
    snapDirs = new Path[n + 1];
    servers = new StoreServer[n + 1];
    channels = new ManagedChannel[n + 1];
    Region.Builder region = Region.newBuilder().setId(1)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1));
    for (int s = 1; s <= n; s++) {
      region.addPeers(Peer.newBuilder().setId(100 + s).setStoreId(s));
    }
    for (int s = 1; s <= n; s++) {
      kvs[s] = new MemoryKvEngine();
      rafts[s] = new KvRaftEngine(new MemoryKvEngine());
      try {
        snapDirs[s] = Files.createTempDirectory("kiln-server-snap-" + s + "-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      StoreBootstrap.bootstrapStore(kvs[s], 1, s);
      StoreBootstrap.bootstrapFirstRegion(kvs[s], rafts[s], region.build());
    }
    for (int s = 1; s <= n; s++) {
      start(s);
    }
  }

  /** Starts store {@code s} on a new free port and tells the others where it is. */
  void start(int s) {
    servers[s] = new StoreServer(s, raftConfig, config, kvs[s], rafts[s], resolver, snapDirs[s]).start();
    resolver.put(s, servers[s].address());
    channels[s] = NettyChannelBuilder.forTarget(servers[s].address()).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
  }

  void stop(int s) {
    channels[s].shutdownNow();
    servers[s].close();
    servers[s] = null;
  }

  TikvGrpc.TikvBlockingStub stub(int s) {
    return TikvGrpc.newBlockingStub(channels[s]).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ManagedChannel channel(int s) {
    return channels[s];
  }

  int waitLeader() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      for (int s = 1; s <= n; s++) {
        if (servers[s] != null && servers[s].raftStore().isLeader(1)) {
          return s;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no leader within 15 s");
  }

  /** The context a client would send to store {@code s} for region 1. */
  Kvrpcpb.Context ctx(int s) {
    Region r = servers[s].raftStore().region(1).orElseThrow();
    return Kvrpcpb.Context.newBuilder().setRegionId(1).setRegionEpoch(r.getRegionEpoch())
        .setPeer(servers[s].raftStore().peer(1).orElseThrow()).build();
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Override
  public void close() {
    for (int s = 1; s <= n; s++) {
      if (servers[s] != null) {
        stop(s);
      }
    }
    for (int s = 1; s <= n; s++) {
      rafts[s].close();
      kvs[s].close();
      try (var paths = Files.walk(snapDirs[s])) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort
      }
    }
  }
}
