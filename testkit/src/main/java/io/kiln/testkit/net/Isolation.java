package io.kiln.testkit.net;

import java.util.List;

/** Drops every message to or from one store: it can neither hear nor be heard. */
public record Isolation(long store) implements Filter {

  @Override
  public List<Delivery> apply(Delivery d) {
    return d.from() == store || d.to() == store ? List.of() : List.of(d);
  }
}
