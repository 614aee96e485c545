package io.kiln.raftstore.snap;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The thread that generates and applies region snapshots off the raft and apply threads (TiKV's
 * region worker). Tasks run one at a time, in order.
 */
public final class RegionWorker implements AutoCloseable {

  private final ExecutorService executor;

  public RegionWorker(long storeId) {
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "region-worker-" + storeId);
      t.setDaemon(true);
      return t;
    });
  }

  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
