package io.kiln.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.RaftCmdpb.AdminCmdType;
import io.kiln.proto.RaftCmdpb.AdminRequest;
import io.kiln.proto.RaftCmdpb.ChangePeerRequest;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Single-step membership changes through admin ChangePeer, applied on every replica. */
class ConfChangeTest {

  static CmdResult changePeer(MiniCluster c, int store, ConfChangeType type, Peer peer) throws Exception {
    return c.run(store, c.cmd(store).setAdminRequest(AdminRequest.newBuilder()
        .setCmdType(AdminCmdType.ChangePeer)
        .setChangePeer(ChangePeerRequest.newBuilder().setChangeType(type).setPeer(peer))).build());
  }

  @Test
  void removingAFollowerShrinksTheRegionAndDestroysThePeer() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      assertThat(c.put(leader, "a", "1").ok()).isTrue();
      int victim = leader % 3 + 1;
      Peer peer = c.stores[victim].peer(1).orElseThrow();
      CmdResult r = changePeer(c, leader, ConfChangeType.RemoveNode, peer);
      assertThat(r.ok()).as(r.response().toString()).isTrue();
      assertThat(r.response().getAdminResponse().getChangePeer().getRegion().getPeersList()).hasSize(2);
      assertThat(r.response().getAdminResponse().getChangePeer().getRegion().getRegionEpoch().getConfVer()).isEqualTo(2);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (c.stores[victim].region(1).isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(c.stores[victim].region(1)).isEmpty();
      RegionLocalState state = RegionLocalState.parseFrom(c.kvs[victim].get(Cf.RAFT, RaftEngineKeys.regionStateKey(1)));
      assertThat(state.getState()).isEqualTo(PeerState.Tombstone);
      assertThat(c.kvs[victim].get(Cf.DEFAULT, Keys.dataKey("a".getBytes()))).isNull();
      assertThat(c.rafts[victim].raftState(1)).isNull();

      // the two remaining peers still form a quorum; a restart does not bring the removed peer back
      assertThat(c.put(leader, "b", "2").ok()).isTrue();
      c.stop(victim);
      c.start(victim);
      assertThat(c.stores[victim].region(1)).isEmpty();
      assertThat(c.stores[leader].region(1).orElseThrow().getPeersList()).hasSize(2);
    }
  }

  @Test
  void theLeaderCannotRemoveItselfAndBadChangesFailEverywhereAlike() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      CmdResult self = changePeer(c, leader, ConfChangeType.RemoveNode, c.stores[leader].peer(1).orElseThrow());
      assertThat(self.response().getHeader().getError().getMessage()).contains("transfer leadership first");
      CmdResult dup = changePeer(c, leader, ConfChangeType.AddNode,
          Peer.newBuilder().setId(999).setStoreId(leader % 3 + 1).build());
      assertThat(dup.response().getHeader().getError().getMessage()).contains("already has peer");
      assertThat(c.stores[leader].region(1).orElseThrow().getRegionEpoch().getConfVer()).isEqualTo(1);
      assertThat(c.put(leader, "still", "ok").ok()).isTrue();
    }
  }

  @Test
  void anAddedPeerOnANewStoreIsCreatedAndInitializedBySnapshot() throws Exception {
    try (MiniCluster c = new MiniCluster(4, 3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      for (int i = 0; i < 50; i++) {
        assertThat(c.put(leader, "k" + i, "v" + i).ok()).isTrue();
      }
      Peer newPeer = Peer.newBuilder().setId(104).setStoreId(4).build();
      CmdResult r = changePeer(c, leader, ConfChangeType.AddNode, newPeer);
      assertThat(r.ok()).as(r.response().toString()).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (c.kvs[4].get(Cf.DEFAULT, Keys.dataKey("k49".getBytes())) == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(c.kvs[4].get(Cf.DEFAULT, Keys.dataKey("k49".getBytes()))).isEqualTo("v49".getBytes());
      assertThat(c.stores[4].region(1).orElseThrow().getPeersList()).hasSize(4);
      // the new peer keeps up, and a quorum of the four can lose one old member
      assertThat(c.put(leader, "later", "x").ok()).isTrue();
      int old = leader % 3 + 1;
      assertThat(changePeer(c, leader, ConfChangeType.RemoveNode, c.stores[old].peer(1).orElseThrow()).ok()).isTrue();
      assertThat(c.put(leader, "after-remove", "y").ok()).isTrue();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (c.kvs[4].get(Cf.DEFAULT, Keys.dataKey("after-remove".getBytes())) == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(c.kvs[4].get(Cf.DEFAULT, Keys.dataKey("after-remove".getBytes()))).isEqualTo("y".getBytes());
      // the new member survives a restart as a full member
      c.stop(4);
      c.start(4);
      assertThat(c.stores[4].region(1).orElseThrow().getPeersList()).hasSize(3);
    }
  }
}
