package io.kiln.cli.bench;

/**
 * A system under test, as the workloads see it. Calls block; several threads call one target at
 * once. A failed operation throws (any RuntimeException); the runner counts it and goes on.
 */
public interface BenchTarget extends AutoCloseable {

  /** What to call the target in reports, e.g. "kiln (raw)". */
  String name();

  void put(byte[] key, byte[] value);

  /** True when the key was found. */
  boolean get(byte[] key);

  /** How many pairs a scan of up to {@code limit} keys from {@code start} returned. */
  int scan(byte[] start, int limit);

  /**
   * Reads both keys and writes both new values in one transaction. Returns false when the
   * transaction lost a conflict (and was not retried).
   */
  boolean transfer(byte[] first, byte[] second, byte[] firstValue, byte[] secondValue);

  /**
   * Writes a record the transactional workload will read: for a target whose transactions see
   * the same data as its plain writes, a {@link #put}; Kiln keeps transactional data (MVCC) apart
   * from raw data, so its target writes it in a transaction.
   */
  default void loadForTransactions(byte[] key, byte[] value) {
    put(key, value);
  }

  /** False when {@link #transfer} is not available; the txn2 workload then refuses to start. */
  boolean supportsTransactions();

  @Override
  void close();
}
