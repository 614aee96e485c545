package io.kiln.cli.bench;

import java.util.Random;

/**
 * Zipfian choice over [0, items): item 0 most popular, popularity of item i proportional to
 * 1/(i+1)^theta. Uses the closed-form inversion of Gray et al., "Quickly Generating Billion-Record
 * Synthetic Databases" (SIGMOD 1994), as YCSB does, with YCSB's constant theta = 0.99. When
 * {@code scrambled}, the popular items are spread over the key space by a 64-bit FNV-1a hash
 * (YCSB's "scrambled zipfian"), so the hot keys are not all neighbours.
 */
public final class ZipfianKeys implements KeyChooser {

  public static final double YCSB_THETA = 0.99;

  private final long items;
  private final boolean scrambled;
  private final double theta;
  private final double zetaN;
  private final double alpha;
  private final double eta;
  private final double half;

  public ZipfianKeys(long items, double theta, boolean scrambled) {
    if (items < 1) {
      throw new IllegalArgumentException("need at least one item, got " + items);
    }
    if (!(theta > 0 && theta < 1)) {
      throw new IllegalArgumentException("theta must be in (0, 1), got " + theta);
    }
    this.items = items;
    this.scrambled = scrambled;
    this.theta = theta;
    this.zetaN = zeta(items, theta);
    double zeta2 = zeta(Math.min(items, 2), theta);
    this.alpha = 1.0 / (1.0 - theta);
    this.eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetaN);
    this.half = Math.pow(0.5, theta);
  }

  private static double zeta(long n, double theta) {
    double sum = 0;
    for (long i = 1; i <= n; i++) {
      sum += 1 / Math.pow(i, theta);
    }
    return sum;
  }

  @Override
  public long next(Random random) {
    long rank = rank(random.nextDouble());
    return scrambled ? Math.floorMod(fnv1a(rank), items) : rank;
  }

  private long rank(double u) {
    double uz = u * zetaN;
    if (uz < 1.0 || items == 1) {
      return 0;
    }
    if (uz < 1.0 + half) {
      return 1;
    }
    long r = (long) (items * Math.pow(eta * u - eta + 1, alpha));
    return Math.max(0, Math.min(items - 1, r));
  }

  private static long fnv1a(long value) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < 8; i++) {
      hash ^= (value >>> (i * 8)) & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  public double theta() {
    return theta;
  }
}
