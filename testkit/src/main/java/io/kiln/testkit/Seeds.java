package io.kiln.testkit;

import java.security.SecureRandom;

/**
 * The seed of a randomized cluster test: {@code -Dkiln.cluster.seed=N} when given (to re-run a
 * failure), a fresh random one otherwise. Tests print it so any run can be repeated.
 */
public final class Seeds {

  private Seeds() {}

  public static final String PROPERTY = "kiln.cluster.seed";

  /** The seed from {@value #PROPERTY}, or a new random one. */
  public static long clusterSeed() {
    String given = System.getProperty(PROPERTY);
    if (given != null && !given.isBlank()) {
      return Long.parseLong(given.trim());
    }
    return new SecureRandom().nextLong() & Long.MAX_VALUE;
  }

  /** True if the seed was fixed on the command line. */
  public static boolean fixed() {
    String given = System.getProperty(PROPERTY);
    return given != null && !given.isBlank();
  }
}
