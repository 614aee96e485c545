package io.kiln.testkit.raftstore;

import io.kiln.testkit.EngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TinyKV's Persist*2B: between rounds all stores (even rounds) or a random few (odd rounds) stop
 * and start again from their engines; nothing acknowledged may be lost. On RocksDB (the default)
 * a stop closes the engines cleanly; the power-cut variant loses every unsynced write.
 */
class PersistTest {

  @RegisterExtension
  final SeedExtension seed = new SeedExtension();

  @Test
  void persistOneClient() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(1, false, true, false));
  }

  @Test
  void persistConcurrent() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, false, true, false));
  }

  @Test
  void persistConcurrentUnreliable() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, true, true, false));
  }

  @Test
  void persistPartition() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, false, true, true));
  }

  @Test
  void persistPartitionUnreliable() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, true, true, true));
  }

  /** The same with power cuts: every restart loses what the store had not synced. */
  @Test
  void persistPartitionUnreliableWithPowerCuts() throws Exception {
    GenericScenario.run(seed.value(), new GenericScenario.Options(5, true, true, true),
        EngineFactory.memoryLosingUnsyncedWrites());
  }
}
