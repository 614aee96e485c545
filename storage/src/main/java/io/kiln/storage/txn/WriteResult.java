package io.kiln.storage.txn;

import io.kiln.raftstore.kv.Modify;
import java.util.List;

/**
 * What a {@link WriteCommand} produced: the modifications to replicate (possibly none, when the
 * command only found an error or nothing to do), the response to send once they are applied, and
 * resources to release after the write completed or failed (the in-memory lock guards of an async
 * commit or 1PC prewrite, which keep readers from missing a lock that is on its way to the engine).
 */
public record WriteResult<R>(List<Modify> modifies, R response, List<AutoCloseable> releaseAfterWrite) {

  public WriteResult {
    modifies = List.copyOf(modifies);
    releaseAfterWrite = List.copyOf(releaseAfterWrite);
  }

  public WriteResult(List<Modify> modifies, R response) {
    this(modifies, response, List.of());
  }
}
