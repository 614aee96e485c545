/**
 * Storage engine interfaces that the rest of Kiln programs against, and the implementations that
 * need no native code.
 *
 * <ul>
 *   <li>{@link io.kiln.engine.KvEngine}: a key-value engine with the column families of {@link
 *       io.kiln.engine.Cf} ({@code default}, {@code lock}, {@code write}, {@code raft}), atomic
 *       {@link io.kiln.engine.WriteBatch}es applied in order, point-in-time {@link
 *       io.kiln.engine.KvSnapshot}s and bounded {@link io.kiln.engine.EngineIterator}s. Keys
 *       compare as unsigned bytes.
 *   <li>{@link io.kiln.engine.SstWriter}: a sorted file of key-values of one column family, made
 *       by {@link io.kiln.engine.KvEngine#newSstWriter} and {@linkplain
 *       io.kiln.engine.KvEngine#ingest ingested} (consumed) by an engine of the same kind, as a
 *       region snapshot is sent and applied; {@link io.kiln.engine.KvEngine#sstFileIterator}
 *       reads one back.
 *   <li>{@link io.kiln.engine.RaftEngine}: every region's raft log and RaftLocalState, written in
 *       {@link io.kiln.engine.RaftLogBatch}es (one per raftstore poll round: group commit), under
 *       TiKV's keys ({@link io.kiln.engine.RaftEngineKeys}).
 *   <li>{@link io.kiln.engine.MemoryKvEngine}: the in-memory kv engine, with RocksDB's semantics
 *       (a small MVCC over skip lists), for tests and simulation. Its SST files have a simple
 *       format of their own ({@code MemorySstFormat}).
 *   <li>{@link io.kiln.engine.KvRaftEngine}: the raft engine over any kv engine; over a {@code
 *       MemoryKvEngine} for simulation, over a {@code RocksKvEngine} in a real store.
 * </ul>
 *
 * <p>Nothing here names RocksDB: {@code io.kiln.engine.rocks} (module engine-rocks) implements
 * {@code KvEngine} with it, and a contract test there runs the same checks on both engines.
 */
package io.kiln.engine;
