package io.kiln.testkit.net;

import java.util.List;

/** Drops messages from {@code from} to {@code to} only; the other direction still works. */
public record OneWayCut(long from, long to) implements Filter {

  @Override
  public List<Delivery> apply(Delivery d) {
    return d.from() == from && d.to() == to ? List.of() : List.of(d);
  }
}
