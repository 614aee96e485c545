package io.kiln.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Kvrpcpb.RawPutRequest;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.TikvGrpc;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.raftstore.StoreBootstrap;
import io.kiln.server.ServerConfig;
import io.kiln.server.StoreServer;
import io.kiln.server.transport.StaticStoreAddressResolver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-store cluster on memory engines with its status port: after a few raw puts over real
 * gRPC, /metrics shows them (gRPC calls, raft engine writes, the region and its leader) and
 * /status describes the store.
 */
class StoreStatusServerTest {

  private static StoreServer server;
  private static StatusHttpServer status;
  private static ManagedChannel channel;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    KvEngine kv = new MemoryKvEngine();
    RaftEngine raft = new KvRaftEngine(new MemoryKvEngine());
    StoreBootstrap.bootstrapStore(kv, 1, 1);
    StoreBootstrap.bootstrapFirstRegion(kv, raft, Region.newBuilder().setId(1)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
        .addPeers(Peer.newBuilder().setId(101).setStoreId(1)).build());
    PrometheusRegistry registry = new PrometheusRegistry();
    server = new StoreServer(1, RaftStoreConfig.forTests(), ServerConfig.defaults().withShutdownGraceMs(200), kv,
        raft, new StaticStoreAddressResolver(), Files.createTempDirectory("kiln-status-snap-"))
        .withMetrics(registry).start();
    long startMillis = System.currentTimeMillis();
    status = StatusHttpServer.start("127.0.0.1", 0, registry,
        () -> StoreStatus.json(server.raftStore(), "test-version", server.address(), "127.0.0.1:" + status.port(),
            startMillis, System.currentTimeMillis()));
    channel = NettyChannelBuilder.forTarget(server.address()).usePlaintext().build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.raftStore().isLeader(1)) {
      assertThat(System.nanoTime()).as("a leader within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
    TikvGrpc.TikvBlockingStub tikv = TikvGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    Kvrpcpb.Context ctx = Kvrpcpb.Context.newBuilder().setRegionId(1)
        .setRegionEpoch(server.raftStore().region(1).orElseThrow().getRegionEpoch())
        .setPeer(server.raftStore().peer(1).orElseThrow()).build();
    for (int i = 0; i < 5; i++) {
      var r = tikv.rawPut(RawPutRequest.newBuilder().setContext(ctx).setKey(ByteString.copyFromUtf8("k" + i))
          .setValue(ByteString.copyFromUtf8("v" + i)).build());
      assertThat(r.hasRegionError()).isFalse();
    }
    // a region this store does not have: a region error of kind region_not_found
    var missing = tikv.rawPut(RawPutRequest.newBuilder().setContext(ctx.toBuilder().setRegionId(77))
        .setKey(ByteString.copyFromUtf8("x")).setValue(ByteString.copyFromUtf8("y")).build());
    assertThat(missing.getRegionError().hasRegionNotFound()).isTrue();
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (status != null) {
      status.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    assertThat(m.find()).as("series %s in%n%s", series, metrics).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void metricsShowTheCallsAndTheStoresCounters() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    String m = r.body();
    assertThat(value(m, "kiln_grpc_requests_total{code=\"OK\",type=\"raw_put\"}")).isEqualTo(6);
    assertThat(value(m, "tikv_grpc_msg_duration_seconds_count{type=\"raw_put\"}")).isEqualTo(6);
    assertThat(value(m, "kiln_raw_errors_total{kind=\"region_not_found\",type=\"raw_put\"}")).isEqualTo(1);
    assertThat(value(m, "tikv_raftstore_region_count{type=\"region\"}")).isEqualTo(1);
    assertThat(value(m, "tikv_raftstore_region_count{type=\"leader\"}")).isEqualTo(1);
    assertThat(value(m, "kiln_raft_engine_writes_total")).isGreaterThanOrEqualTo(5);
    assertThat(value(m, "kiln_raft_engine_write_bytes_total")).isGreaterThan(5 * 4);
    assertThat(value(m, "kiln_snapshots_total{type=\"generated\"}")).isZero();
    assertThat(value(m, "kiln_raft_log_gc_deleted_entries_total")).isGreaterThanOrEqualTo(0);
    assertThat(value(m, "kiln_transport_raft_messages_total{result=\"sent\"}")).isZero();
  }

  @Test
  void statusDescribesTheStore() throws Exception {
    HttpResponse<String> r = send("GET", "/status");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.body()).contains("\"store_id\":1", "\"version\":\"test-version\"",
        "\"address\":\"" + server.address() + "\"", "\"region_count\":1", "\"leader_count\":1", "\"uptime_seconds\":");
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(send("GET", "/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post = send("POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> head = send("HEAD", "/status");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }
}
