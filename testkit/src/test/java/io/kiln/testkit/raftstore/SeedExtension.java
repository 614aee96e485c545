package io.kiln.testkit.raftstore;

import io.kiln.testkit.Seeds;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each test a seed ({@code -Dkiln.cluster.seed=N} or a random one), prints it before the
 * test runs, and puts it with the command that re-runs it into the message of any failure.
 */
final class SeedExtension implements BeforeEachCallback, TestExecutionExceptionHandler {

  private long seed;
  private String rerun = "";

  long value() {
    return seed;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    seed = Seeds.clusterSeed();
    rerun = "mvn -o -pl testkit -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest="
        + context.getRequiredTestClass().getSimpleName() + "#" + context.getRequiredTestMethod().getName()
        + " -D" + Seeds.PROPERTY + "=" + seed;
    System.out.println("[seed] " + context.getRequiredTestClass().getSimpleName() + "."
        + context.getRequiredTestMethod().getName() + " seed=" + seed);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
    AssertionError wrapped = new AssertionError("seed " + seed + " failed (re-run: " + rerun + "): " + t.getMessage(), t);
    wrapped.setStackTrace(t.getStackTrace());
    throw wrapped;
  }
}
