package io.kiln.cli.bench;

/**
 * One operation to run: {@code key} for every type; {@code otherKey} only for TXN (the transfer's
 * second key); {@code scanLength} only for SCAN.
 */
public record Operation(OpType type, byte[] key, byte[] otherKey, int scanLength) {}
