package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns RocksDB's exceptions into {@link EngineException}s that say what failed and where. */
final class RocksErrors {

  private RocksErrors() {}

  static EngineException wrap(String operation, Path path, RocksDBException e) {
    Status status = e.getStatus();
    String code = status == null ? "" : " [" + status.getCodeString() + "]";
    return new EngineException(
        operation + " failed on RocksDB at " + path + code + ": " + e.getMessage(), e);
  }

  /** For a failure on an SST file outside any database (writing or reading it). */
  static EngineException wrapFile(String operation, Path file, RocksDBException e) {
    Status status = e.getStatus();
    String code = status == null ? "" : " [" + status.getCodeString() + "]";
    return new EngineException(
        operation + " of SST file " + file + " failed" + code + ": " + e.getMessage(), e);
  }
}
