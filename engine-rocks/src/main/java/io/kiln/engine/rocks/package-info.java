/**
 * The RocksDB implementation of {@code io.kiln.engine}: the only package in Kiln that imports
 * {@code org.rocksdb} (an architecture test enforces it). Shared block cache across column
 * families, synced raft writes, bounded memory.
 *
 * <p>Not implemented yet: reserved for the raftstore issue.
 */
package io.kiln.engine.rocks;
