package io.kiln.cli.bench;

/** The operations a workload mixes, named as YCSB names them (TXN: the two-key transfer). */
public enum OpType {
  READ, UPDATE, INSERT, SCAN, TXN
}
