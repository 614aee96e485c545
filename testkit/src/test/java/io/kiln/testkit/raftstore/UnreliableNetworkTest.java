package io.kiln.testkit.raftstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TinyKV's Unreliable2B: concurrent clients over a network that drops, delays, duplicates and reorders. */
class UnreliableNetworkTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  @Test
  void concurrentClientsOnAnUnreliableNetwork() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, true, false, false));
  }
}
