package io.kiln.testkit.net;

import java.util.List;
import java.util.function.Predicate;

/**
 * Drops the messages a predicate picks, for example {@code new DropIf(d -> d.type() ==
 * MessageType.MsgAppend && d.to() == 3)}.
 */
public record DropIf(Predicate<Delivery> which) implements Filter {

  @Override
  public List<Delivery> apply(Delivery d) {
    return which.test(d) ? List.of() : List.of(d);
  }
}
