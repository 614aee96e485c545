package io.kiln.pd.schedule;

import static io.kiln.pd.cluster.TestRegions.info;
import static io.kiln.pd.cluster.TestRegions.led;
import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.pd.cluster.RegionInfo;
import io.kiln.proto.Metapb;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicaCheckerTest {

  private final ReplicaChecker checker = new ReplicaChecker();
  private final FakeClusterView cluster = new FakeClusterView();

  @Test
  void anUnderReplicatedRegionGetsAPeerOnAStoreWithoutOne() {
    cluster.liveStores(1, 2, 3);
    RegionInfo region = led(region(7, "", "", 1, 1, peer(10, 1)));

    Optional<Operator> op = checker.schedule(region, cluster, 5);

    assertThat(op).isPresent();
    assertThat(op.get().regionId()).isEqualTo(7);
    assertThat(op.get().createdAtMillis()).isEqualTo(5);
    assertThat(op.get().step()).isInstanceOfSatisfying(OperatorStep.AddPeer.class, add -> {
      assertThat(add.peer().getId()).isEqualTo(100);
      assertThat(add.peer().getStoreId()).isIn(2L, 3L);
      assertThat(add.peer().getRole()).isEqualTo(Metapb.PeerRole.Voter);
    });
  }

  @Test
  void theTargetIsTheLeastLoadedStoreThenTheLowestId() {
    cluster.liveStores(1, 2, 3, 4);
    cluster.peerCounts.put(2L, 5);
    cluster.peerCounts.put(3L, 1);
    cluster.peerCounts.put(4L, 1);

    Operator op = checker.schedule(led(region(7, "", "", 1, 1, peer(10, 1))), cluster, 0).orElseThrow();

    assertThat(((OperatorStep.AddPeer) op.step()).peer().getStoreId()).isEqualTo(3);
  }

  @Test
  void nothingWhenFullyReplicatedOrNoStoreCanTakeAPeer() {
    cluster.liveStores(1, 2, 3);

    assertThat(checker.schedule(led(region(7, "", "", 3, 1, peer(10, 1), peer(11, 2), peer(12, 3))), cluster, 0)).isEmpty();
    assertThat(checker.schedule(led(region(8, "", "", 2, 1, peer(20, 1), peer(21, 2), peer(22, 3))), cluster, 0)).isEmpty();

    FakeClusterView small = new FakeClusterView().liveStores(1, 2);
    assertThat(checker.schedule(led(region(9, "", "", 2, 1, peer(30, 1), peer(31, 2))), small, 0)).isEmpty();
    assertThat(small.nextId).as("no id spent").isEqualTo(100);
  }

  @Test
  void theMaxReplicasOfTheClusterDecide() {
    cluster.liveStores(1, 2, 3, 4, 5);
    cluster.maxReplicas = 5;

    assertThat(checker.schedule(led(region(7, "", "", 3, 1, peer(10, 1), peer(11, 2), peer(12, 3))), cluster, 0))
        .isPresent();
    cluster.maxReplicas = 1;
    assertThat(checker.schedule(led(region(8, "", "", 1, 1, peer(20, 1))), cluster, 0)).isEmpty();
  }

  @Test
  void anExtraReplicaIsRemovedButNeverTheLeaderAndFirstOnADeadStore() {
    cluster.liveStores(1, 2, 3);
    RegionInfo region = info(region(7, "", "", 4, 1, peer(10, 1), peer(11, 2), peer(12, 3), peer(13, 9)), peer(13, 9), 1);

    Operator op = checker.schedule(region, cluster, 0).orElseThrow();
    assertThat(op.step()).as("13 leads, so a follower on a live store goes, the lowest id on a tie")
        .isEqualTo(new OperatorStep.RemovePeer(peer(10, 1)));

    RegionInfo withDead = info(region(7, "", "", 4, 1, peer(10, 1), peer(11, 2), peer(12, 3), peer(13, 9)), peer(10, 1), 1);
    Operator dead = checker.schedule(withDead, cluster, 0).orElseThrow();
    assertThat(((OperatorStep.RemovePeer) dead.step()).peer()).isEqualTo(peer(13, 9));
  }
}
