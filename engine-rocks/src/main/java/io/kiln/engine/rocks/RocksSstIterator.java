package io.kiln.engine.rocks;

import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * An {@link EngineIterator} over one SST file, through RocksDB's {@code SstFileReader}, made by
 * {@link RocksKvEngine#sstFileIterator}. Blocks are read (and their checksums verified) as the
 * iterator reaches them, without the block cache. After a positioning call that leaves it invalid
 * it checks the iterator's status, so a corrupt block fails with an {@link EngineException} naming
 * the file instead of looking like the end of it. Owns its native objects and frees them on
 * close; they do not depend on any database. Not thread-safe.
 */
final class RocksSstIterator implements EngineIterator {

  private final Path file;
  private final Options options;
  private final SstFileReader reader;
  private final ReadOptions readOptions;
  private final SstFileReaderIterator it;
  private boolean closed;

  private RocksSstIterator(Path file, Options options, SstFileReader reader,
      ReadOptions readOptions, SstFileReaderIterator it) {
    this.file = file;
    this.options = options;
    this.reader = reader;
    this.readOptions = readOptions;
    this.it = it;
  }

  /** Opens {@code file}; fails if it is missing or not an SST file. */
  static RocksSstIterator open(Path file) {
    RocksNative.load();
    Options options = new Options();
    SstFileReader reader = new SstFileReader(options);
    try {
      reader.open(file.toString());
    } catch (RocksDBException e) {
      reader.close();
      options.close();
      throw RocksErrors.wrapFile("open", file, e);
    }
    ReadOptions readOptions = new ReadOptions().setVerifyChecksums(true).setFillCache(false);
    return new RocksSstIterator(file, options, reader, readOptions, reader.newIterator(readOptions));
  }

  /**
   * Reads every block of {@code file} and checks its checksum (RocksDB's ingestion does not, and
   * a snapshot file comes from another machine).
   */
  static void verifyChecksums(Path file) {
    RocksNative.load();
    try (Options options = new Options(); SstFileReader reader = new SstFileReader(options)) {
      reader.open(file.toString());
      reader.verifyChecksum();
    } catch (RocksDBException e) {
      throw RocksErrors.wrapFile("checksum verification", file, e);
    }
  }

  @Override
  public boolean seek(byte[] key) {
    checkOpen();
    it.seek(key);
    return checkedValid();
  }

  @Override
  public boolean seekForPrev(byte[] key) {
    checkOpen();
    it.seekForPrev(key);
    return checkedValid();
  }

  @Override
  public boolean seekToFirst() {
    checkOpen();
    it.seekToFirst();
    return checkedValid();
  }

  @Override
  public boolean seekToLast() {
    checkOpen();
    it.seekToLast();
    return checkedValid();
  }

  @Override
  public boolean next() {
    checkPositioned("next");
    it.next();
    return checkedValid();
  }

  @Override
  public boolean prev() {
    checkPositioned("prev");
    it.prev();
    return checkedValid();
  }

  @Override
  public boolean valid() {
    checkOpen();
    return it.isValid();
  }

  @Override
  public byte[] key() {
    checkPositioned("key");
    return it.key();
  }

  @Override
  public byte[] value() {
    checkPositioned("value");
    return it.value();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      it.close();
      readOptions.close();
      reader.close();
      options.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new EngineException("iterator over SST file " + file + " is closed");
    }
  }

  private void checkPositioned(String op) {
    checkOpen();
    if (!it.isValid()) {
      throw new IllegalStateException(op + ": the iterator is not positioned on a key");
    }
  }

  private boolean checkedValid() {
    if (it.isValid()) {
      return true;
    }
    try {
      it.status();
    } catch (RocksDBException e) {
      throw RocksErrors.wrapFile("iteration", file, e);
    }
    return false;
  }
}
