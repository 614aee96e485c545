package io.kiln.cli.bench;

/** How {@code --distribution} picks the record an operation touches. */
public enum Distribution {
  ZIPFIAN, UNIFORM;

  public KeyChooser over(long items) {
    if (this == UNIFORM) {
      return new UniformKeys(items);
    }
    return new ZipfianKeys(items, ZipfianKeys.YCSB_THETA, true);
  }
}
