package io.kiln.testkit.raftstore;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harshest scenarios for minutes instead of seconds (run with {@code -Plong-tests}): restarts,
 * partitions and a lossy network together, 20 rounds of 3 s.
 */
@Tag("long")
class SoakTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  @Test
  void persistPartitionUnreliableForAMinute() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, true, true, true), 20, 3000);
  }

  @Test
  void manyPartitionsManyClientsForAMinute() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, false, false, true), 20, 3000);
  }
}
