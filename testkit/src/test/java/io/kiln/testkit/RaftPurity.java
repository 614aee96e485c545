package io.kiln.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The raft module is a pure state machine: time comes from tick(), randomness from an injected
 * seeded source, and persistence and networking belong to its caller. This is what makes a whole
 * cluster reproducible from one seed in the simulator.
 */
final class RaftPurity {

  private RaftPurity() {}

  /** Packages whose use means threads, clocks or IO. */
  private static final String[] FORBIDDEN_PACKAGES = {
    "java.util.concurrent..", "java.io..", "java.nio.file..", "java.nio.channels..", "java.net..",
    "java.time..", "java.util.logging..", "org.slf4j.."
  };

  /** Single classes that mean threads, clocks or unseeded randomness. */
  private static final Set<String> FORBIDDEN_CLASSES = Set.of(
      "java.lang.Thread", "java.lang.ThreadLocal", "java.lang.Runtime", "java.lang.ProcessBuilder",
      "java.util.Timer", "java.util.TimerTask", "java.security.SecureRandom", "java.util.UUID");

  /** java.io types that are plain values, not IO. */
  private static final Set<String> ALLOWED_IO_VALUES = Set.of(
      "java.io.Serializable", "java.io.UncheckedIOException", "java.io.IOException");

  static ArchRule rule() {
    return noClasses().that().resideInAPackage("io.kiln.raft..")
        .should().dependOnClassesThat(forbidden())
        .orShould().accessTargetWhere(clockOrUnseededRandom())
        .because("the raft core has no threads, clocks, unseeded randomness or IO (ARCHITECTURE.md section 2)")
        .allowEmptyShould(true);
  }

  private static DescribedPredicate<JavaClass> forbidden() {
    return DescribedPredicate.describe("are threads, clocks or IO", c -> {
      String name = c.getName();
      if (ALLOWED_IO_VALUES.contains(name)) {
        return false;
      }
      if (FORBIDDEN_CLASSES.contains(name)) {
        return true;
      }
      for (String pkg : FORBIDDEN_PACKAGES) {
        String prefix = pkg.substring(0, pkg.length() - 2);
        if (c.getPackageName().equals(prefix) || c.getPackageName().startsWith(prefix + ".")) {
          return true;
        }
      }
      return false;
    });
  }

  /** System.currentTimeMillis/nanoTime, Math.random, new Random() without a seed. */
  private static DescribedPredicate<JavaAccess<?>> clockOrUnseededRandom() {
    return DescribedPredicate.describe("read a clock or an unseeded random", access -> {
      String owner = access.getTargetOwner().getName();
      String name = access.getName();
      boolean noArguments = access instanceof JavaConstructorCall call
          && call.getTarget().getRawParameterTypes().isEmpty();
      return (owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime")))
          || (owner.equals("java.lang.Math") && name.equals("random"))
          || (owner.equals("java.lang.StrictMath") && name.equals("random"))
          || (owner.equals("java.util.Random") && name.equals("<init>") && noArguments);
    });
  }
}
