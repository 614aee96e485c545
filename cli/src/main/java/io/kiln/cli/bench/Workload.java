package io.kiln.cli.bench;

import java.util.Map;

/**
 * The workloads of {@code --workload}: YCSB's core workloads A, B, C and E, plus write-only and
 * a transactional two-key transfer.
 */
public enum Workload {
  /** Update heavy: 50% reads, 50% updates. */
  A(Map.of(OpType.READ, 0.5, OpType.UPDATE, 0.5)),
  /** Read mostly: 95% reads, 5% updates. */
  B(Map.of(OpType.READ, 0.95, OpType.UPDATE, 0.05)),
  /** Read only. */
  C(Map.of(OpType.READ, 1.0)),
  /** Short ranges: 95% scans of up to --scan-length keys, 5% inserts of new keys. */
  E(Map.of(OpType.SCAN, 0.95, OpType.INSERT, 0.05)),
  /** Write only: every operation overwrites an existing key. */
  WRITE(Map.of(OpType.UPDATE, 1.0)),
  /** Every operation reads two keys and writes both in one transaction. */
  TXN2(Map.of(OpType.TXN, 1.0));

  private final Map<OpType, Double> proportions;

  Workload(Map<OpType, Double> proportions) {
    this.proportions = proportions;
  }

  public OperationMix mix() {
    return new OperationMix(proportions);
  }

  public boolean needsTransactions() {
    return proportions.containsKey(OpType.TXN);
  }
}
