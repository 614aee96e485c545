/**
 * MVCC garbage collection below the GC safe point: {@link io.kiln.storage.gc.MvccGc} decides what
 * to remove in a region (a pure function over a snapshot), {@link io.kiln.storage.gc.GcWorker}
 * polls the safe point and writes the removals through raft in every region the store leads.
 */
package io.kiln.storage.gc;
