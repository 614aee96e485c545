package io.kiln.testkit.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.raftstore.CmdCallback;
import io.kiln.raftstore.CmdResult;
import io.kiln.testkit.client.ClientDeadlineException;
import io.kiln.testkit.client.ClientOptions;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.client.StoreDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The workload's model accepts exactly the values a correct store could return. */
class AppendClientModelTest {

  /** A store that acknowledges puts while {@code answer} is true and never answers otherwise. */
  static final class OneStore implements StoreDirectory {
    boolean answer = true;

    @Override
    public List<Long> storeIds() {
      return List.of(1L);
    }

    @Override
    public boolean propose(long storeId, RaftCmdRequest request, CmdCallback callback) {
      if (answer) {
        callback.onResult(new CmdResult(RaftCmdResponse.newBuilder()
            .setHeader(RaftResponseHeader.getDefaultInstance()).build(), null));
      }
      return true;
    }

    @Override
    public Optional<Region> region(long storeId, long regionId) {
      return Optional.empty();
    }
  }

  private final OneStore store = new OneStore();
  private final AppendClient client = new AppendClient(7, new ClusterClient(store,
      Region.newBuilder().setId(1).addPeers(Peer.newBuilder().setId(101).setStoreId(1)).build(),
      ClientOptions.defaults().withDeadline(Duration.ofMillis(30)).withAttemptTimeout(Duration.ofMillis(10)),
      new Random(1)), new Random(1));

  @Test
  void anAcknowledgedAppendMustBeSeen() {
    assertThat(client.observe(null)).isNull();
    client.append();
    assertThat(client.observe("x 7 0 y")).isNull();
    assertThat(client.observe(null)).contains("last committed value is 'x 7 0 y'");
    assertThat(client.observe("x 7 0 yx 7 1 y")).isNotNull();
  }

  @Test
  void anUnansweredAppendMayOrMayNotBeSeenButOnceSeenStays() {
    client.append();
    store.answer = false;
    client.append(); // unanswered: "x 7 0 yx 7 1 y" may land
    client.append(); // unanswered too, also built on the acked value
    assertThat(client.observe("x 7 0 y")).isNull();
    assertThat(client.observe("x 7 0 yx 7 1 y")).isNull();
    assertThat(client.observe("x 7 0 y")).as("the first unanswered put was seen: it is committed").isNotNull();
    assertThat(client.observe("x 7 0 yx 7 2 y")).as("the later one may still land").isNull();
    assertThat(client.observe("x 7 0 yx 7 1 y")).as("but not go back").isNotNull();
  }

  @Test
  void movesToANewKeyOnceTheValueIsLong() {
    while (client.key().endsWith("0000")) {
      client.append();
    }
    assertThat(client.key()).isEqualTo("k7-0001");
    assertThat(client.expectedKeys()).containsOnlyKeys("k7-0000");
    assertThat(client.expectedKeys().get("k7-0000")).hasSizeGreaterThan(AppendClient.ROLL_OVER_CHARS);
    client.append();
    assertThat(client.expectedKeys()).containsOnlyKeys("k7-0000", "k7-0001");
  }

  @Test
  void aFailedAppendDoesNotCount() {
    store.answer = false;
    try {
      client.append();
    } catch (ClientDeadlineException e) {
      throw new AssertionError("append reports failures through the model, not by throwing", e);
    }
    assertThat(client.acks()).isZero();
  }
}
