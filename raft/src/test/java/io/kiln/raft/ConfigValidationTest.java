package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Config.build() refuses bad settings with a RaftException.InvalidConfig that names the setting. */
class ConfigValidationTest {

  private static Config.Builder valid(long id) {
    return Config.builder(id).random(new Random(1));
  }

  private static void rejects(UnaryOperator<Config.Builder> bad, long id, String... mentions) {
    assertThatThrownBy(() -> bad.apply(valid(id)).build())
        .isInstanceOf(RaftException.InvalidConfig.class)
        .hasMessageContainingAll(mentions);
  }

  @Test
  void defaultsAreValid() {
    Config c = valid(1).build();
    assertThat(c.electionTick()).isGreaterThan(c.heartbeatTick());
    assertThat(c.maxUncommittedEntriesSize()).as("0 means unlimited").isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void badValuesAreRejectedWithTheirName() {
    rejects(b -> b, 0, "id");
    rejects(b -> b.heartbeatTick(0), 1, "heartbeatTick", "0");
    rejects(b -> b.heartbeatTick(-1), 1, "heartbeatTick");
    rejects(b -> b.electionTick(2).heartbeatTick(2), 1, "electionTick", "heartbeatTick");
    rejects(b -> b.electionTick(1).heartbeatTick(2), 1, "electionTick");
    rejects(b -> b.maxInflightMsgs(0), 1, "maxInflightMsgs");
    rejects(b -> b.maxInflightBytes(-1), 1, "maxInflightBytes");
    rejects(b -> b.maxSizePerMsg(100).maxInflightBytes(99), 1, "maxInflightBytes", "maxSizePerMsg");
    rejects(b -> b.maxSizePerMsg(0), 1, "maxSizePerMsg");
    rejects(b -> b.maxSizePerMsg(-5), 1, "maxSizePerMsg");
    rejects(b -> b.maxCommittedSizePerReady(0), 1, "maxCommittedSizePerReady");
    rejects(b -> b.maxUncommittedEntriesSize(-1), 1, "maxUncommittedEntriesSize");
    rejects(b -> b.readOnlyOption(ReadOnlyOption.LEASE_BASED), 1, "checkQuorum");
    rejects(b -> b.random(null), 1, "random");
  }

  @Test
  void boundaryValuesAreAccepted() {
    valid(1).electionTick(2).heartbeatTick(1).build();
    valid(1).maxSizePerMsg(100).maxInflightBytes(100).build();
    valid(1).maxInflightMsgs(1).build();
    valid(1).readOnlyOption(ReadOnlyOption.LEASE_BASED).checkQuorum(true).build();
  }
}
