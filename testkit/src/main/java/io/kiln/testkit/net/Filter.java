package io.kiln.testkit.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the simulated network does to one message (TiKV's {@code test_raftstore} filters): a filter
 * returns no delivery to drop the message, the delivery itself (perhaps {@link
 * Delivery#delayedBy delayed}) to pass it, or several to duplicate it. {@link SimNetwork} runs
 * every installed filter in order, each over what the previous ones produced.
 *
 * <p>Filters run on the sending store's thread: keep them quick and never call into a store.
 * Those with randomness take a seeded {@link java.util.Random}; with real threads the interleaving
 * differs from run to run, so a seed reproduces the fault pattern, not the exact schedule.
 */
@FunctionalInterface
public interface Filter {

  List<Delivery> apply(Delivery delivery);

  /** This filter for messages matching {@code which}; others pass untouched. */
  default Filter onlyFor(Predicate<Delivery> which) {
    Filter self = this;
    return d -> which.test(d) ? self.apply(d) : List.of(d);
  }

  /** This filter, then {@code next} over each delivery it produced. */
  default Filter andThen(Filter next) {
    Filter self = this;
    return d -> {
      List<Delivery> out = new ArrayList<>();
      for (Delivery first : self.apply(d)) {
        out.addAll(next.apply(first));
      }
      return out;
    };
  }

  /** Passes everything (the identity of {@link #andThen}). */
  static Filter none() {
    return List::of;
  }
}
