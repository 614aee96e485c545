package io.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.proto.Kvrpcpb.RawGetRequest;
import io.kiln.proto.Kvrpcpb.RawPutRequest;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Starting, refusing to start, stopping and starting again over the same engines. */
class StoreServerLifecycleTest {

  @Test
  void anOccupiedPortFailsTheStartAndLeavesTheEnginesUsable() throws Exception {
    try (ServerCluster c = new ServerCluster(1, ServerCluster.steady(), ServerCluster.testConfig());
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      c.waitLeader();
      assertThat(c.stub(1).rawPut(RawPutRequest.newBuilder().setContext(c.ctx(1)).setKey(ServerCluster.bs("k"))
          .setValue(ServerCluster.bs("v")).build()).getError()).isEmpty();
      c.stop(1);
      StoreServer refused = new StoreServer(1, c.raftConfig, c.config.withListen("127.0.0.1", taken.getLocalPort()),
          c.kvs[1], c.rafts[1], c.resolver, c.snapDirs[1]);
      assertThatThrownBy(refused::start).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
      refused.close();

      c.start(1);
      c.waitLeader();
      assertThat(c.stub(1).rawGet(RawGetRequest.newBuilder().setContext(c.ctx(1)).setKey(ServerCluster.bs("k"))
          .build()).getValue().toStringUtf8()).isEqualTo("v");
    }
  }

  @Test
  void aServerStartsOnceAndClosesOnce() throws Exception {
    try (ServerCluster c = new ServerCluster(1, ServerCluster.steady(), ServerCluster.testConfig())) {
      StoreServer s = c.servers[1];
      assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
      c.stop(1);
      s.close(); // again: nothing happens
      StoreServer fresh = new StoreServer(1, c.raftConfig, c.config, c.kvs[1], c.rafts[1], c.resolver, c.snapDirs[1]);
      assertThatThrownBy(fresh::port).isInstanceOf(IllegalStateException.class);
      fresh.close();
      assertThatThrownBy(fresh::start).isInstanceOf(IllegalStateException.class);
    }
  }
}
