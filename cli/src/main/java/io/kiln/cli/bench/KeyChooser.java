package io.kiln.cli.bench;

import java.util.Random;

/** Picks the index of an existing record, in [0, items). */
public interface KeyChooser {
  long next(Random random);
}
