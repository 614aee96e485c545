package io.kiln.cli.bench;

import java.util.Random;

/** Every record equally likely. */
public record UniformKeys(long items) implements KeyChooser {

  public UniformKeys {
    if (items < 1) {
      throw new IllegalArgumentException("need at least one item, got " + items);
    }
  }

  @Override
  public long next(Random random) {
    return Math.floorMod(random.nextLong(), items);
  }
}
