package io.kiln.storage;

/**
 * The transaction layer's settings, named as TiKV's {@code [storage]} and {@code [readpool]}
 * sections name them.
 *
 * @param schedulerConcurrency latch slots ({@code scheduler-concurrency}); more slots, fewer false
 *     conflicts between unrelated keys
 * @param schedulerWorkerPoolSize threads that run commands' processWrite ({@code scheduler-worker-pool-size})
 * @param schedulerPendingWriteThreshold bytes of writes in flight past which new commands get
 *     ServerIsBusy ({@code scheduler-pending-write-threshold})
 * @param readPoolSize threads that run transactional reads
 */
public record StorageConfig(int schedulerConcurrency, int schedulerWorkerPoolSize,
    long schedulerPendingWriteThreshold, int readPoolSize) {

  public StorageConfig {
    if (schedulerConcurrency <= 0 || schedulerWorkerPoolSize <= 0 || readPoolSize <= 0) {
      throw new IllegalArgumentException("storage pool sizes and scheduler-concurrency must be positive");
    }
    if (schedulerPendingWriteThreshold <= 0) {
      throw new IllegalArgumentException("scheduler-pending-write-threshold must be positive");
    }
  }

  /** TiKV's defaults: 524,288 latch slots, 100 MiB pending writes; pools sized to the machine. */
  public static StorageConfig defaults() {
    int cpus = Runtime.getRuntime().availableProcessors();
    return new StorageConfig(524_288, Math.max(1, cpus >= 16 ? 8 : 4), 100L << 20, Math.max(2, cpus));
  }

  /** Small pools for in-process clusters of several stores. */
  public static StorageConfig forTests() {
    return new StorageConfig(4096, 2, 100L << 20, 2);
  }
}
