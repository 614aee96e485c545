package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import io.kiln.engine.Hex;
import io.kiln.engine.SstWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;

/**
 * An {@link SstWriter} over RocksDB's {@code SstFileWriter}, made by {@link
 * RocksKvEngine#newSstWriter} with copies of the column family's options (comparator, table
 * format, bloom filter, compression: the files look like the ones RocksDB writes itself, with
 * its bottommost compression). The native writer streams blocks to the file; only the previous
 * key is kept on the Java side, to refuse keys out of order with a clear message.
 *
 * <p>RocksDB cannot finish a file with no entries and refuses to ingest one, so the file is only
 * opened at the first {@link #put}, and {@link #finish()} with no entries writes nothing. Owns
 * its native objects (writer, options, env options) and closes them when finished or closed;
 * they do not depend on the database, so the writer outlives its engine.
 */
final class RocksSstWriter implements SstWriter {

  private enum State { OPEN, FINISHED, CLOSED }

  private final Path file;
  private final String cf;
  private final EnvOptions envOptions;
  private final Options options;
  private final SstFileWriter writer;
  private boolean opened;
  private boolean released;
  private byte[] lastKey;
  private long count;
  private State state = State.OPEN;

  /** Takes ownership of {@code envOptions} and {@code options}. */
  RocksSstWriter(String cf, Path file, EnvOptions envOptions, Options options) {
    this.cf = cf;
    this.file = file;
    this.envOptions = envOptions;
    this.options = options;
    this.writer = new SstFileWriter(envOptions, options);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    checkOpen("put");
    if (lastKey != null && Arrays.compareUnsigned(key, lastKey) <= 0) {
      throw new EngineException("put into SST file " + file + " (cf '" + cf + "'): key "
          + Hex.of(key) + " is not after the previous key " + Hex.of(lastKey));
    }
    if (!opened) {
      try {
        writer.open(file.toString());
      } catch (RocksDBException e) {
        throw RocksErrors.wrapFile("create", file, e);
      }
      opened = true;
    }
    try {
      writer.put(key, value);
    } catch (RocksDBException e) {
      throw RocksErrors.wrapFile("put", file, e);
    }
    lastKey = key.clone();
    count++;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long finish() {
    checkOpen("finish");
    if (count == 0) {
      release();
      deleteFile("finish (no entries)");
      state = State.FINISHED;
      return 0;
    }
    long size;
    try {
      writer.finish(); // also syncs the file
      size = writer.fileSize();
    } catch (RocksDBException e) {
      throw RocksErrors.wrapFile("finish", file, e);
    }
    release();
    state = State.FINISHED;
    return size;
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
      release(); // an unfinished native writer abandons its table and closes the file
      deleteFile("close (abandoned)");
    }
    state = State.CLOSED;
  }

  private void release() {
    if (!released) {
      released = true;
      writer.close();
      options.close();
      envOptions.close();
    }
  }

  private void deleteFile(String operation) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new EngineException(operation + ": cannot delete SST file " + file, e);
    }
  }

  private void checkOpen(String operation) {
    if (state != State.OPEN) {
      throw new EngineException(operation + ": the writer of SST file " + file + " is "
          + (state == State.FINISHED ? "finished" : "closed"));
    }
  }
}
