package io.kiln.testkit.net;

import java.util.Random;

/** Ready-made combinations of the filters. */
public final class Filters {

  private Filters() {}

  /**
   * A lossy, jittery network in the spirit of TinyKV's unreliable tests: drops 10%, delays up to
   * 5 ms, duplicates 2% and holds 5% back by up to 20 ms.
   */
  public static Filter unreliable(Random random) {
    return new RandomDrop(0.10, random)
        .andThen(Delay.upTo(5, random))
        .andThen(new Duplication(0.02, 10, random))
        .andThen(new Reorder(0.05, 20, random));
  }
}
