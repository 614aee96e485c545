package io.kiln.cli.bench;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream of operations of one client thread: the type from the workload's mix, the record from
 * the key chooser, scan lengths uniform in [1, maxScanLength]. Inserts take fresh indexes from a
 * counter shared by all threads (starting after the loaded records); a transfer's two records
 * always differ (so TXN needs at least two records). Deterministic for a seed.
 */
public final class OperationGenerator {

  private final OperationMix mix;
  private final KeyChooser keys;
  private final KeyFormat format;
  private final AtomicLong nextInsert;
  private final int maxScanLength;
  private final Random random;

  public OperationGenerator(OperationMix mix, KeyChooser keys, KeyFormat format, AtomicLong nextInsert,
      int maxScanLength, long seed) {
    this.mix = mix;
    this.keys = keys;
    this.format = format;
    this.nextInsert = nextInsert;
    this.maxScanLength = maxScanLength;
    this.random = new Random(seed);
  }

  public Operation next() {
    OpType type = mix.pick(random.nextDouble());
    if (type == OpType.INSERT) {
      return new Operation(type, format.key(nextInsert.getAndIncrement()), null, 0);
    }
    byte[] key = format.key(keys.next(random));
    if (type == OpType.TXN) {
      // a transfer needs two different records (etcd refuses a Txn that writes one key twice)
      byte[] other = key;
      while (java.util.Arrays.equals(other, key)) {
        other = format.key(keys.next(random));
      }
      return new Operation(type, key, other, 0);
    }
    if (type == OpType.SCAN) {
      return new Operation(type, key, null, 1 + random.nextInt(maxScanLength));
    }
    return new Operation(type, key, null, 0);
  }

  /** Fills {@code value} with fresh random bytes (the value of the next write). */
  public void nextValue(byte[] value) {
    random.nextBytes(value);
  }
}
