package io.kiln.testkit.net;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts the network into groups of stores: a message between two stores of different groups is
 * dropped. As in TiKV's {@code PartitionFilter}, a store listed in no group is not affected (it
 * still talks to everyone): list every store for a clean split.
 */
public final class Partition implements Filter {

  private final List<Set<Long>> groups;

  public Partition(List<Set<Long>> groups) {
    Set<Long> seen = new HashSet<>();
    for (Set<Long> g : groups) {
      for (Long s : g) {
        if (!seen.add(s)) {
          throw new IllegalArgumentException("store " + s + " is in two groups of " + groups);
        }
      }
    }
    this.groups = groups.stream().map(Set::copyOf).toList();
  }

  /** Two sides: {@code a} and {@code b}. */
  public static Partition of(Set<Long> a, Set<Long> b) {
    return new Partition(List.of(a, b));
  }

  public List<Set<Long>> groups() {
    return groups;
  }

  @Override
  public List<Delivery> apply(Delivery d) {
    int from = groupOf(d.from());
    int to = groupOf(d.to());
    return from >= 0 && to >= 0 && from != to ? List.of() : List.of(d);
  }

  private int groupOf(long store) {
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i).contains(store)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "Partition" + groups;
  }
}
