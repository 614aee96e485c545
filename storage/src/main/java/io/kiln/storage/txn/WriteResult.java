package io.kiln.storage.txn;

import io.kiln.raftstore.kv.Modify;
import java.util.List;

/**
 * What a {@link WriteCommand} produced:
 * <ul>
 *   <li>{@code modifies}: the modifications to replicate (none when the command only found an error
 *       or had nothing to do);
 *   <li>{@code response}: the answer to send once they are applied;
 *   <li>{@code releaseAfterWrite}: resources to release after the write completed or failed (the
 *       in-memory lock guards of an async commit or 1PC prewrite, which keep readers from missing a
 *       lock that is on its way to the engine);
 *   <li>{@code next}: a command to run after this write is applied, or null. A command that works
 *       in batches (ResolveLock over a region's locks: a read phase without latches, then a write of
 *       at most a batch of keys under their latches) returns its next step here; the caller gets the
 *       response of the last step.
 * </ul>
 */
public record WriteResult<R>(List<Modify> modifies, R response, List<AutoCloseable> releaseAfterWrite,
    WriteCommand<R> next) {

  public WriteResult {
    modifies = List.copyOf(modifies);
    releaseAfterWrite = List.copyOf(releaseAfterWrite);
  }

  public WriteResult(List<Modify> modifies, R response) {
    this(modifies, response, List.of(), null);
  }
}
