package io.kiln.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The life of a long-running {@code kiln} command: it serves until SIGTERM or SIGINT, then closes
 * its resources in order before the JVM exits (the shutdown hook waits for that, up to a limit).
 *
 * <pre>{@code
 * Lifecycle life = Lifecycle.install();
 * try (resources...) { ...; life.awaitStop(); } finally { life.done(); }
 * }</pre>
 */
final class Lifecycle {

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);

  private Lifecycle() {}

  static Lifecycle install() {
    Lifecycle life = new Lifecycle();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      life.stop.countDown();
      try {
        life.done.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "kiln-shutdown"));
    return life;
  }

  void awaitStop() throws InterruptedException {
    stop.await();
  }

  void done() {
    done.countDown();
  }

  /** Atomically writes {@code content} to {@code file} (if given): readers never see half of it. */
  static void writeReadyFile(Path file, String content) throws IOException {
    if (file == null) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
