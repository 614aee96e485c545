package io.kiln.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Eraftpb;
import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.RaftServerpb.RaftMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated network delivers asynchronously and applies its filters as they say. */
class SimNetworkTest {

  private SimNetwork net;
  private final ConcurrentHashMap<Long, List<Received>> inbox = new ConcurrentHashMap<>();

  record Received(long index, String thread, long atNanos) {}

  @BeforeEach
  void setUp() {
    net = new SimNetwork();
    for (long s = 1; s <= 4; s++) {
      long id = s;
      inbox.put(id, new CopyOnWriteArrayList<>());
      net.register(id, m -> inbox.get(id).add(new Received(m.getMessage().getIndex(),
          Thread.currentThread().getName(), System.nanoTime())));
    }
  }

  @AfterEach
  void tearDown() {
    net.close();
  }

  static RaftMessage msg(long to, long index) {
    return RaftMessage.newBuilder().setRegionId(1)
        .setToPeer(Peer.newBuilder().setId(100 + to).setStoreId(to))
        .setMessage(Eraftpb.Message.newBuilder().setMsgType(MessageType.MsgHeartbeat).setIndex(index))
        .build();
  }

  private void send(long from, long to, long index) {
    net.transport(from).send(msg(to, index));
  }

  private List<Long> indexes(long store) {
    return inbox.get(store).stream().map(Received::index).toList();
  }

  private static void eventually(BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(2);
    }
  }

  /** Waits until nothing is in flight and a little more, so that nothing more arrives. */
  private void quiesce() throws InterruptedException {
    eventually(() -> net.inFlight() == 0);
    Thread.sleep(60);
  }

  @Test
  void deliversOnTheReceiversInboxThreadInSendOrder() throws Exception {
    for (int i = 0; i < 500; i++) {
      send(1, 2, i);
    }
    eventually(() -> inbox.get(2L).size() == 500);
    assertThat(indexes(2)).isSorted();
    assertThat(inbox.get(2L)).allSatisfy(r -> assertThat(r.thread()).isEqualTo("sim-net-to-2"));
    assertThat(net.stats().delivered()).isEqualTo(500);
  }

  @Test
  void dropsMessagesToAndFromStoppedStores() throws Exception {
    net.unregister(2);
    send(1, 2, 1);
    send(2, 1, 2);
    send(1, 3, 3);
    eventually(() -> inbox.get(3L).size() == 1);
    quiesce();
    assertThat(inbox.get(2L)).isEmpty();
    assertThat(inbox.get(1L)).isEmpty();
    assertThat(net.stats().dropped()).isEqualTo(2);
  }

  @Test
  void partitionDropsOnlyMessagesBetweenGroups() throws Exception {
    net.addFilter(Partition.of(Set.of(1L, 2L), Set.of(3L)));
    send(1, 2, 1);
    send(1, 3, 2);
    send(3, 1, 3);
    send(4, 3, 4); // store 4 is in no group: unaffected
    send(3, 4, 5);
    quiesce();
    assertThat(indexes(2)).containsExactly(1L);
    assertThat(indexes(1)).isEmpty();
    assertThat(indexes(3)).containsExactly(4L);
    assertThat(indexes(4)).containsExactly(5L);
  }

  @Test
  void isolationCutsOneStoreBothWaysAndClearingHeals() throws Exception {
    net.addFilter(new Isolation(2));
    send(1, 2, 1);
    send(2, 1, 2);
    send(1, 3, 3);
    quiesce();
    assertThat(indexes(2)).isEmpty();
    assertThat(indexes(1)).isEmpty();
    assertThat(indexes(3)).containsExactly(3L);
    net.clearFilters();
    send(1, 2, 4);
    eventually(() -> indexes(2).equals(List.of(4L)));
  }

  @Test
  void oneWayCutKeepsTheOtherDirection() throws Exception {
    net.addFilter(new OneWayCut(1, 2));
    send(1, 2, 1);
    send(2, 1, 2);
    quiesce();
    assertThat(indexes(2)).isEmpty();
    assertThat(indexes(1)).containsExactly(2L);
  }

  @Test
  void randomDropLosesAboutTheAskedFraction() throws Exception {
    net.addFilter(new RandomDrop(0.3, new Random(7)));
    for (int i = 0; i < 2000; i++) {
      send(1, 2, i);
    }
    quiesce();
    assertThat(inbox.get(2L).size()).isBetween(1200, 1600);
    assertThat(net.stats().dropped() + net.stats().delivered()).isEqualTo(2000);
  }

  @Test
  void fixedDelayHoldsEveryMessageBack() throws Exception {
    net.addFilter(Delay.fixed(80));
    long sent = System.nanoTime();
    send(1, 2, 1);
    Thread.sleep(30);
    assertThat(inbox.get(2L)).isEmpty();
    eventually(() -> inbox.get(2L).size() == 1);
    assertThat(inbox.get(2L).get(0).atNanos() - sent).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
  }

  @Test
  void duplicationDeliversACopy() throws Exception {
    net.addFilter(new Duplication(1.0, 5, new Random(1)));
    send(1, 2, 9);
    eventually(() -> inbox.get(2L).size() == 2);
    assertThat(indexes(2)).containsExactly(9L, 9L);
    assertThat(net.stats().duplicated()).isEqualTo(1);
  }

  @Test
  void reorderLetsLaterMessagesOvertake() throws Exception {
    net.addFilter(new Reorder(1.0, 100, new Random(3)).andThen(Delay.fixed(50))
        .onlyFor(d -> d.message().getMessage().getIndex() == 1));
    send(1, 2, 1);
    send(1, 2, 2);
    eventually(() -> inbox.get(2L).size() == 2);
    assertThat(indexes(2)).containsExactly(2L, 1L);
  }

  @Test
  void filtersRunInOrderAndCanBeReplacedAtOnce() throws Exception {
    List<String> seen = new ArrayList<>();
    Filter tagA = d -> {
      seen.add("a");
      return List.of(d);
    };
    Filter dropAll = new DropIf(d -> true);
    Filter tagB = d -> {
      seen.add("b");
      return List.of(d);
    };
    net.setFilters(List.of(tagA, dropAll, tagB));
    send(1, 2, 1);
    assertThat(seen).containsExactly("a"); // nothing left after the drop: later filters do not run
    net.setFilters(List.of(tagB));
    send(1, 2, 2);
    eventually(() -> indexes(2).equals(List.of(2L)));
    assertThat(net.removeFilter(tagB)).isTrue();
    assertThat(net.filters()).isEmpty();
  }

  @Test
  void closeDropsWhatIsStillInFlight() throws Exception {
    net.addFilter(Delay.fixed(10_000));
    send(1, 2, 1);
    net.close();
    assertThat(inbox.get(2L)).isEmpty();
    send(1, 2, 2); // a store still sending after close is ignored, not failed
    assertThat(net.stats().dropped()).isEqualTo(2);
  }
}
