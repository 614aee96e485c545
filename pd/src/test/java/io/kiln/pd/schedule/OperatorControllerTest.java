package io.kiln.pd.schedule;

import static io.kiln.pd.cluster.TestRegions.led;
import static io.kiln.pd.cluster.TestRegions.peer;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.pd.clock.FakePdClock;
import io.kiln.pd.cluster.RegionInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorControllerTest {

  private final FakePdClock clock = new FakePdClock(1_000_000);
  private final FakeClusterView cluster = new FakeClusterView().liveStores(1, 2, 3);
  private final OperatorController controller =
      new OperatorController(cluster, List.of(new ReplicaChecker()), clock, 10_000);

  private final RegionInfo onePeer = led(region(7, "", "", 1, 1, peer(10, 1)));

  @Test
  void oneOperatorPerRegionIsInFlight() {
    Operator first = controller.onRegionHeartbeat(onePeer).orElseThrow();

    assertThat(controller.onRegionHeartbeat(onePeer)).isEmpty();
    assertThat(controller.onRegionHeartbeat(onePeer)).isEmpty();
    assertThat(controller.operator(7)).contains(first);
    assertThat(controller.onRegionHeartbeat(led(region(8, "a", "b", 1, 1, peer(20, 1))))).as("another region").isPresent();
  }

  @Test
  void aFinishedOperatorMakesRoomForTheNextStep() {
    Operator first = controller.onRegionHeartbeat(onePeer).orElseThrow();
    var added = ((OperatorStep.AddPeer) first.step()).peer();

    RegionInfo twoPeers = led(region(7, "", "", 2, 1, peer(10, 1), added));
    Operator second = controller.onRegionHeartbeat(twoPeers).orElseThrow();

    assertThat(((OperatorStep.AddPeer) second.step()).peer().getStoreId())
        .isNotIn(1L, added.getStoreId());
    RegionInfo three = led(region(7, "", "", 3, 1, peer(10, 1), added, ((OperatorStep.AddPeer) second.step()).peer()));
    assertThat(controller.onRegionHeartbeat(three)).isEmpty();
    assertThat(controller.operator(7)).isEmpty();
  }

  @Test
  void anOperatorStillUndoneAfterTheTimeoutIsPlannedAgain() {
    Operator first = controller.onRegionHeartbeat(onePeer).orElseThrow();
    clock.advance(10_000);
    assertThat(controller.onRegionHeartbeat(onePeer)).isEmpty();

    clock.advance(1);
    Operator retry = controller.onRegionHeartbeat(onePeer).orElseThrow();

    assertThat(retry.createdAtMillis()).isGreaterThan(first.createdAtMillis());
    assertThat(retry.step()).isInstanceOf(OperatorStep.AddPeer.class);
  }

  @Test
  void aMembershipChangeThatDidNotMakeTheStepDropsTheOperator() {
    controller.onRegionHeartbeat(onePeer).orElseThrow();

    RegionInfo otherChange = led(region(7, "", "", 2, 1, peer(10, 1), peer(55, 3)));
    Operator replanned = controller.onRegionHeartbeat(otherChange).orElseThrow();

    assertThat(((OperatorStep.AddPeer) replanned.step()).peer().getStoreId()).isEqualTo(2);
  }

  @Test
  void aSplitAloneDoesNotDropTheOperator() {
    controller.onRegionHeartbeat(onePeer).orElseThrow();

    assertThat(controller.onRegionHeartbeat(led(region(7, "m", "", 1, 2, peer(10, 1))))).isEmpty();
  }
}
