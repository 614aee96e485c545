package io.kiln.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The checked options of one {@code kiln bench} run. The constructor refuses values that cannot
 * work, with a message naming the option ({@link IllegalArgumentException}).
 *
 * @param records how many records the load phase writes, and the key space the run phase reads
 * @param load false (--no-load): the records are assumed to be there already
 * @param csv null: no CSV
 * @param plot null: no PNG
 */
public record BenchSettings(TargetKind target, String pd, List<String> etcdEndpoints, Workload workload,
    Distribution distribution, int threads, int keySize, int valueSize, long records, Duration duration,
    Duration warmup, long seed, int scanLength, long timeoutMs, boolean load, Path csv, Path plot) {

  public static final int MAX_THREADS = 4096;
  public static final int MAX_VALUE_SIZE = 8 << 20;

  public BenchSettings {
    etcdEndpoints = etcdEndpoints.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
    check(threads >= 1 && threads <= MAX_THREADS, "--threads must be between 1 and " + MAX_THREADS + ", got " + threads);
    check(records >= 1, "--records must be at least 1, got " + records);
    check(keySize >= 2 && keySize <= 4096, "--key-size must be between 2 and 4096 bytes, got " + keySize);
    KeyFormat format = new KeyFormat(keySize);
    check(format.fits(records - 1), "--key-size " + keySize + " is too small for " + records
        + " records: it needs at least " + (Long.toString(records - 1).length() + 1) + " bytes");
    check(valueSize >= 1 && valueSize <= MAX_VALUE_SIZE,
        "--value-size must be between 1 and " + MAX_VALUE_SIZE + " bytes, got " + valueSize);
    check(!duration.isNegative() && duration.toMillis() >= 1000, "--duration must be at least 1s, got " + duration);
    check(!warmup.isNegative(), "--warmup must not be negative, got " + warmup);
    check(records >= 2 || !workload.needsTransactions(), "--workload txn2 needs at least 2 --records");
    check(scanLength >= 1, "--scan-length must be at least 1, got " + scanLength);
    check(timeoutMs >= 1, "--timeout-ms must be at least 1, got " + timeoutMs);
    check(target != TargetKind.ETCD || !etcdEndpoints.isEmpty(), "--target etcd needs --etcd-endpoints host:port,...");
    check(target != TargetKind.KILN || (pd != null && !pd.isBlank()), "--target kiln needs --pd host:port");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public KeyFormat keyFormat() {
    return new KeyFormat(keySize);
  }
}
